namespace SocketGen.Addressing;

/// <summary>The transport an endpoint string names.</summary>
public enum EndpointTransport
{
    /// <summary>TCP: <c>host:port</c> or <c>tcp://host:port</c>.</summary>
    Tcp,

    /// <summary>UDP: <c>udp://host:port</c>.</summary>
    Udp,

    /// <summary>A Unix domain stream socket: <c>unix:/path</c>, or <c>unix:@name</c> for a Linux abstract name.</summary>
    Unix,
}
