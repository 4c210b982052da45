namespace SocketGen.Sockets;

/// <summary>How a UDP socket is opened.</summary>
public sealed class DatagramOptions
{
    /// <summary>The largest UDP payload over IPv4: 65535 minus the 20-byte IP header and the 8-byte UDP header.</summary>
    public const int MaxIPv4DatagramSize = 65507;

    /// <summary>The largest UDP payload over IPv6 without jumbograms: 65535 minus the 8-byte UDP header.</summary>
    public const int MaxIPv6DatagramSize = 65527;

    private int? _maxDatagramSize;

    /// <summary>
    /// The largest datagram sent or received; null (default) for the protocol's limit. A smaller limit (say 1472,
    /// what fits an Ethernet frame unfragmented) makes oversized sends fail before they reach the network.
    /// </summary>
    public int? MaxDatagramSize
    {
        get => _maxDatagramSize;
        set
        {
            if (value is int size)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size, nameof(MaxDatagramSize));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxIPv6DatagramSize, nameof(MaxDatagramSize));
            }

            _maxDatagramSize = value;
        }
    }

    /// <summary>For the IPv6 wildcard address, also send and receive IPv4 datagrams, where the OS allows. Default true.</summary>
    public bool DualMode { get; set; } = true;

    /// <summary>Sets SO_REUSEADDR before bind. Default false: two UDP sockets sharing a port split the datagrams unpredictably.</summary>
    public bool ReuseAddress { get; set; }
}
