using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SocketGen.Sockets;

namespace SocketGen.Addressing;

/// <summary>
/// An endpoint written as a string: <c>host:port</c>, <c>1.2.3.4:80</c>, <c>[::1]:80</c>, <c>host:http</c> (a service
/// name), <c>tcp://host:port</c>, <c>udp://host:port</c>, <c>unix:/path/to.sock</c>, or <c>unix:@name</c> (Linux abstract).
/// Parsing does no network lookup; <see cref="ToEndPoint"/> gives what <see cref="SocketConnector"/> and
/// <see cref="SocketListener"/> take.
/// </summary>
public sealed class EndpointAddress : IEquatable<EndpointAddress>
{
    /// <summary>The longest Unix socket path: sun_path holds 108 bytes on Linux, one of them the terminating NUL.</summary>
    public const int MaxUnixPathBytes = 107;

    private EndpointAddress(EndpointTransport transport, string? host, int port, string? unixPath, bool isAbstract)
    {
        Transport = transport;
        Host = host;
        Port = port;
        UnixPath = unixPath;
        IsAbstractUnixName = isAbstract;
    }

    /// <summary>TCP, UDP or Unix.</summary>
    public EndpointTransport Transport { get; }

    /// <summary>The host name or address literal (IPv6 without brackets), or "*" for the wildcard; null for Unix endpoints.</summary>
    public string? Host { get; }

    /// <summary>The port, service names already turned into numbers; 0 for Unix endpoints.</summary>
    public int Port { get; }

    /// <summary>The socket file's path, or the abstract name without its '@'; null for TCP and UDP.</summary>
    public string? UnixPath { get; }

    /// <summary>Whether this is a Linux abstract socket name (<c>unix:@name</c>), which has no file.</summary>
    public bool IsAbstractUnixName { get; }

    /// <summary>Creates a TCP or UDP endpoint from a host and port.</summary>
    /// <exception cref="ArgumentException">The host is empty or not a valid host name or literal, or the port is out of range.</exception>
    public static EndpointAddress ForHost(string host, int port, EndpointTransport transport = EndpointTransport.Tcp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        AddressResolver.ValidatePort(port);
        if (transport == EndpointTransport.Unix)
        {
            throw new ArgumentException("A Unix endpoint has a path, not a host; use ForUnixPath.", nameof(transport));
        }

        string? problem = HostProblem(host, out string normalized);
        if (problem is not null)
        {
            throw new ArgumentException($"'{host}' is not a host: {problem}.", nameof(host));
        }

        return new EndpointAddress(transport, normalized, port, null, false);
    }

    /// <summary>Creates a Unix domain socket endpoint.</summary>
    /// <param name="path">The socket file's path, or the abstract name.</param>
    /// <param name="isAbstract">Whether <paramref name="path"/> is a Linux abstract name.</param>
    public static EndpointAddress ForUnixPath(string path, bool isAbstract = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? problem = UnixPathProblem(path, isAbstract);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(path));
        }

        return new EndpointAddress(EndpointTransport.Unix, null, 0, path, isAbstract);
    }

    /// <summary>Parses an endpoint string.</summary>
    /// <exception cref="FormatException">The string is malformed; the message quotes it and says what is wrong.</exception>
    public static EndpointAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? problem = TryParseCore(text, out var result);
        if (problem is not null)
        {
            throw new FormatException($"'{text}' is not an endpoint: {problem}.");
        }

        return result!;
    }

    /// <summary>Parses an endpoint string, without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out EndpointAddress? result)
    {
        result = null;
        return text is not null && TryParseCore(text, out result) is null;
    }

    /// <summary>Writes an endpoint as this type parses it: <c>127.0.0.1:80</c>, <c>[::1]:80</c>, <c>host:80</c>, <c>unix:/path</c>, <c>unix:@name</c>.</summary>
    public static string Format(EndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return endPoint switch
        {
            IPEndPoint ip => FormatHostPort(ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => FormatHostPort(dns.Host, dns.Port),
            UnixDomainSocketEndPoint unix => FormatUnix(UnixSocketPath.Of(unix)),
            _ => throw new ArgumentException($"Cannot format a {endPoint.GetType().Name}.", nameof(endPoint)),
        };
    }

    /// <summary>
    /// The endpoint to connect to or listen on, without any lookup: an <see cref="IPEndPoint"/> for an address literal or
    /// "*" (the dual-stack wildcard), a <see cref="DnsEndPoint"/> for a host name, a <see cref="UnixDomainSocketEndPoint"/> for Unix.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">An abstract Unix name on a system other than Linux.</exception>
    public EndPoint ToEndPoint()
    {
        if (Transport == EndpointTransport.Unix)
        {
            if (IsAbstractUnixName && !OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException($"Abstract Unix socket names ({this}) exist on Linux only.");
            }

            return new UnixDomainSocketEndPoint(IsAbstractUnixName ? "\0" + UnixPath : UnixPath!);
        }

        if (Host == "*")
        {
            return new IPEndPoint(AddressResolver.ResolvePassive(null)[0], Port);
        }

        var literal = AddressResolver.ParseLiteral(Host!);
        return literal is not null ? new IPEndPoint(literal, Port) : new DnsEndPoint(Host!, Port);
    }

    /// <summary>The canonical string: the scheme only where it is not TCP, IPv6 literals in brackets, ports as numbers.</summary>
    public override string ToString() => Transport switch
    {
        EndpointTransport.Unix => FormatUnix(UnixPath!, IsAbstractUnixName),
        EndpointTransport.Udp => "udp://" + FormatHostPort(Host!, Port),
        _ => FormatHostPort(Host!, Port),
    };

    /// <inheritdoc />
    public bool Equals(EndpointAddress? other) => other is not null
        && Transport == other.Transport
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
        && Port == other.Port
        && string.Equals(UnixPath, other.UnixPath, StringComparison.Ordinal)
        && IsAbstractUnixName == other.IsAbstractUnixName;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EndpointAddress);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Transport, Host is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Host), Port, UnixPath, IsAbstractUnixName);

    private static string? TryParseCore(string text, out EndpointAddress? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "it is empty";
        }

        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            string rest = text.Substring("unix:".Length);
            bool isAbstract = rest.StartsWith('@');
            string path = isAbstract ? rest.Substring(1) : rest;
            if (path.Length == 0)
            {
                return isAbstract ? "the abstract name after '@' is empty" : "the path after 'unix:' is empty";
            }

            string? pathProblem = UnixPathProblem(path, isAbstract);
            if (pathProblem is not null)
            {
                return pathProblem;
            }

            result = new EndpointAddress(EndpointTransport.Unix, null, 0, path, isAbstract);
            return null;
        }

        var transport = EndpointTransport.Tcp;
        string hostPort = text;
        int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            string scheme = text.Substring(0, schemeEnd);
            if (scheme.Equals("tcp", StringComparison.OrdinalIgnoreCase))
            {
                transport = EndpointTransport.Tcp;
            }
            else if (scheme.Equals("udp", StringComparison.OrdinalIgnoreCase))
            {
                transport = EndpointTransport.Udp;
            }
            else
            {
                return $"unknown scheme '{scheme}' (use tcp://, udp:// or unix:)";
            }

            hostPort = text.Substring(schemeEnd + 3);
        }

        string? problem = SplitHostPort(hostPort, out string host, out string portText);
        if (problem is not null)
        {
            return problem;
        }

        problem = HostProblem(host, out string normalizedHost);
        if (problem is not null)
        {
            return problem;
        }

        problem = PortProblem(portText, transport, out int port);
        if (problem is not null)
        {
            return problem;
        }

        result = new EndpointAddress(transport, normalizedHost, port, null, false);
        return null;
    }

    private static string? SplitHostPort(string text, out string host, out string port)
    {
        host = port = string.Empty;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return "the '[' of an IPv6 address is never closed by ']'";
            }

            host = text.Substring(1, close - 1);
            if (close + 1 == text.Length)
            {
                return "the port is missing (write [address]:port)";
            }

            if (text[close + 1] != ':')
            {
                return $"expected ':' and a port after ']', found '{text.Substring(close + 1)}'";
            }

            port = text.Substring(close + 2);
            if (AddressResolver.ParseLiteral(host) is not { AddressFamily: AddressFamily.InterNetworkV6 })
            {
                return $"'{host}' in brackets is not an IPv6 address";
            }

            return port.Length == 0 ? "the port after ':' is empty" : null;
        }

        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return "the port is missing (write host:port)";
        }

        if (text.IndexOf(':', StringComparison.Ordinal) != colon)
        {
            return "an IPv6 address needs brackets, as in [::1]:80";
        }

        host = text.Substring(0, colon);
        port = text.Substring(colon + 1);
        if (host.Length == 0)
        {
            return "the host before ':' is empty";
        }

        return port.Length == 0 ? "the port after ':' is empty" : null;
    }

    private static string? HostProblem(string host, out string normalized)
    {
        normalized = host;
        if (host == "*")
        {
            return null;
        }

        var literal = AddressResolver.ParseLiteral(host);
        if (literal is not null)
        {
            normalized = host.StartsWith('[') ? host.Substring(1, host.Length - 2) : host;
            return null;
        }

        if (host.Length > 253)
        {
            return $"the host name is {host.Length} characters long; DNS allows 253";
        }

        foreach (char c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') && c < 128)
            {
                return $"the host '{host}' contains '{c}', which no host name has";
            }
        }

        return host.StartsWith('.') || host.Contains("..", StringComparison.Ordinal)
            ? $"the host '{host}' has an empty label"
            : null;
    }

    private static string? PortProblem(string text, EndpointTransport transport, out int port)
    {
        port = 0;
        if (char.IsAsciiDigit(text[0]))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > IPEndPoint.MaxPort)
            {
                return $"the port '{text}' is not a number from 0 to 65535";
            }

            return null;
        }

        var protocol = transport == EndpointTransport.Udp ? ProtocolType.Udp : ProtocolType.Tcp;
        if (ServiceNames.TryGetPort(text, protocol, out port))
        {
            return null;
        }

        return $"'{text}' is neither a port number nor a known {ServiceNames.ProtocolName(protocol)} service name";
    }

    private static string? UnixPathProblem(string path, bool isAbstract)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "a Unix socket path cannot contain a NUL character";
        }

        int bytes = Encoding.UTF8.GetByteCount(path) + (isAbstract ? 1 : 0);
        return bytes > MaxUnixPathBytes
            ? $"the Unix socket {(isAbstract ? "name" : "path")} is {bytes} bytes long; sockaddr_un holds at most {MaxUnixPathBytes}"
            : null;
    }

    private static string FormatHostPort(string host, int port)
    {
        string portText = port.ToString(CultureInfo.InvariantCulture);
        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{portText}" : $"{host}:{portText}";
    }

    private static string FormatUnix(UnixSocketPath path) => FormatUnix(path.Path, path.IsAbstract);

    private static string FormatUnix(string path, bool isAbstract) => isAbstract ? "unix:@" + path : "unix:" + path;
}
