namespace SocketGen;

/// <summary>
/// Settings for the calls of one client view: its own deadline and metadata. Get a view with the generated
/// client's <c>WithCallOptions</c>; it shares the client's connection.
/// </summary>
/// <example>
/// <code>
/// var traced = client.WithCallOptions(new SocketCallOptions
/// {
///     Timeout = TimeSpan.FromSeconds(2),
///     Metadata = new Dictionary&lt;string, string&gt; { ["request-id"] = requestId },
/// });
/// await traced.PlaceOrderAsync(order);
/// </code>
/// </example>
public sealed class SocketCallOptions
{
    private readonly TimeSpan? _timeout;
    private readonly IReadOnlyDictionary<string, string>? _metadata;

    /// <summary>
    /// The deadline of each call, in place of <see cref="SocketClientOptions.CallTimeout"/> (null to keep it;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none). Inside a served call the earlier of
    /// this and the served call's remaining time applies.
    /// </summary>
    public TimeSpan? Timeout
    {
        get => _timeout;
        init => _timeout = value is { } timeout ? SocketServerOptions.PositiveOrInfinite(timeout) : null;
    }

    /// <summary>Metadata sent with each call, over the client's <see cref="SocketClientOptions.DefaultMetadata"/> (needs wire 1.2).</summary>
    /// <exception cref="ArgumentException">A key is null or empty, or a value is null.</exception>
    public IReadOnlyDictionary<string, string>? Metadata
    {
        get => _metadata;
        init
        {
            if (value is not null)
            {
                Framing.OutgoingMetadata.Validate(value, nameof(Metadata));
            }

            _metadata = value;
        }
    }
}
