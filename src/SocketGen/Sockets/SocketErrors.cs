using System.Net;
using System.Net.Sockets;

namespace SocketGen.Sockets;

/// <summary>Builds the SocketExceptions the runtime throws: the OS's error code, and a message that names the endpoint.</summary>
internal static class SocketErrors
{
    /// <summary>Rethrows-ready copy of <paramref name="exception"/> whose message names what was being done and to which endpoint.</summary>
    public static SocketException WithEndPoint(SocketException exception, string action, EndPoint? endPoint)
        => new((int)exception.SocketErrorCode, $"{action} {Describe(endPoint)} failed: {exception.SocketErrorCode} ({exception.Message})");

    /// <summary>The error for a local address that another socket already holds (EADDRINUSE).</summary>
    public static SocketException AddressInUse(EndPoint endPoint, SocketException? cause)
        => new((int)SocketError.AddressAlreadyInUse,
            $"Address already in use: {Describe(endPoint)} is bound by another socket" + (cause is null ? "." : $" ({cause.Message})."));

    /// <summary>An endpoint as people write it: 127.0.0.1:80, [::1]:80, host:80, unix:/path, unix:@abstract.</summary>
    public static string Describe(EndPoint? endPoint) => endPoint switch
    {
        null => "(unknown endpoint)",
        IPEndPoint ip => ip.ToString(),
        DnsEndPoint dns => dns.Host + ":" + dns.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        UnixDomainSocketEndPoint => "unix:" + DescribeUnixPath(endPoint.ToString()),
        _ => endPoint.ToString() ?? endPoint.GetType().Name,
    };

    private static string DescribeUnixPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "(unnamed)";
        }

        // Abstract names start with a NUL byte; people write them with '@', as ss(8) and systemd do.
        return path[0] == '\0' ? string.Concat("@", path.AsSpan(1)) : path;
    }
}
