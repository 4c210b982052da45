using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SocketGen.Hosting;

/// <summary>
/// Reads typed values out of a configuration section by hand (no reflection binder, so the library stays
/// trimmable and AOT-safe). Every error names the setting's full path and quotes the value.
/// </summary>
internal static class ConfigurationReader
{
    public static void ReadInt32(IConfiguration section, string key, Action<int> set)
    {
        if (section[key] is { } text)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            {
                throw Invalid(section, key, text, "an integer");
            }

            Apply(section, key, text, () => set(value));
        }
    }

    public static void ReadBoolean(IConfiguration section, string key, Action<bool> set)
    {
        if (section[key] is { } text)
        {
            if (!bool.TryParse(text, out bool value))
            {
                throw Invalid(section, key, text, "true or false");
            }

            set(value);
        }
    }

    /// <summary>A duration as a TimeSpan string ("00:00:30"), or "Infinite".</summary>
    public static void ReadTimeSpan(IConfiguration section, string key, Action<TimeSpan> set)
    {
        if (section[key] is { } text)
        {
            TimeSpan value;
            if (string.Equals(text, "Infinite", StringComparison.OrdinalIgnoreCase))
            {
                value = Timeout.InfiniteTimeSpan;
            }
            else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value))
            {
                throw Invalid(section, key, text, "a duration such as 00:00:30, or Infinite");
            }

            Apply(section, key, text, () => set(value));
        }
    }

    public static void ReadEnum<TEnum>(IConfiguration section, string key, Action<TEnum> set)
        where TEnum : struct, Enum
    {
        if (section[key] is { } text)
        {
            if (!Enum.TryParse(text, ignoreCase: true, out TEnum value) || !Enum.IsDefined(value))
            {
                throw Invalid(section, key, text, "one of " + string.Join(", ", Enum.GetNames<TEnum>()));
            }

            set(value);
        }
    }

    public static void ReadString(IConfiguration section, string key, Action<string> set)
    {
        if (section[key] is { Length: > 0 } text)
        {
            set(text);
        }
    }

    /// <summary>A list given as children (Key:0, Key:1, ...), each with its own setting path.</summary>
    public static void ReadList(IConfiguration section, string key, Action<string, string> add)
    {
        foreach (IConfigurationSection child in section.GetSection(key).GetChildren())
        {
            if (child.Value is { Length: > 0 } value)
            {
                add(value, child.Path);
            }
        }
    }

    public static string PathOf(IConfiguration section, string key) =>
        section is IConfigurationSection named ? ConfigurationPath.Combine(named.Path, key) : key;

    private static void Apply(IConfiguration section, string key, string text, Action set)
    {
        try
        {
            set();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidOperationException($"Configuration setting '{PathOf(section, key)}' has the value '{text}', which is out of range: {ex.Message}", ex);
        }
    }

    private static InvalidOperationException Invalid(IConfiguration section, string key, string text, string expected) =>
        new($"Configuration setting '{PathOf(section, key)}' has the value '{text}'; expected {expected}.");
}
