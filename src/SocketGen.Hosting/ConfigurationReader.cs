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

    /// <summary>
    /// A duration: a number with a unit (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>), a TimeSpan string
    /// (<c>00:00:30</c>), or <c>Infinite</c>. A bare number is refused: <c>TimeSpan</c> would read <c>60</c> as
    /// 60 days, which is never what <c>IdleTimeout: 60</c> meant.
    /// </summary>
    public static void ReadTimeSpan(IConfiguration section, string key, Action<TimeSpan> set)
    {
        if (section[key] is { } text)
        {
            const string expected = "a duration with a unit such as 30s, 500ms, 5m or 1h, a TimeSpan such as 00:00:30, or Infinite";
            if (!TryParseDuration(text.Trim(), out TimeSpan value))
            {
                bool bareNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                throw Invalid(section, key, text, bareNumber ? expected + " (a number alone has no unit: write " + text.Trim() + "s for seconds)" : expected);
            }

            Apply(section, key, text, () => set(value));
        }
    }

    public static void ReadDouble(IConfiguration section, string key, Action<double> set)
    {
        if (section[key] is { } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw Invalid(section, key, text, "a number");
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

    private static bool TryParseDuration(string text, out TimeSpan value)
    {
        if (string.Equals(text, "Infinite", StringComparison.OrdinalIgnoreCase))
        {
            value = Timeout.InfiniteTimeSpan;
            return true;
        }

        foreach ((string unit, double milliseconds) in s_units)
        {
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double count)
                && count >= 0 && count * milliseconds < TimeSpan.MaxValue.TotalMilliseconds)
            {
                value = TimeSpan.FromMilliseconds(count * milliseconds);
                return true;
            }
        }

        // A TimeSpan string needs a colon ("00:00:30", "1.00:00:00"); without one TimeSpan.Parse reads days.
        value = default;
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    // Longest suffix first, so "ms" is not read as "s".
    private static readonly (string Unit, double Milliseconds)[] s_units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

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
