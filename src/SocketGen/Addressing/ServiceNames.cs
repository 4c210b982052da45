using System.Globalization;
using System.Net.Sockets;

namespace SocketGen.Addressing;

/// <summary>
/// Service names to ports, as getaddrinfo's service argument resolves them: from /etc/services where it exists,
/// with the common services built in for systems without it (Windows, containers without netbase).
/// </summary>
public static class ServiceNames
{
    /// <summary>The system's services database.</summary>
    public const string ServicesFile = "/etc/services";

    private static readonly Lazy<ServiceTable> SystemTable = new(() => ServiceTable.Load(ServicesFile));

    /// <summary>Looks a service name or alias up for a protocol (<see cref="ProtocolType.Tcp"/> or <see cref="ProtocolType.Udp"/>).</summary>
    /// <param name="service">A name such as "http" or an alias such as "www"; case-sensitive, as in /etc/services.</param>
    /// <param name="protocol">TCP or UDP.</param>
    /// <param name="port">The port, when found.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryGetPort(string service, ProtocolType protocol, out int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return SystemTable.Value.TryGetPort(service, ProtocolName(protocol), out port);
    }

    /// <summary>Looks a service name up; throws when it is unknown.</summary>
    /// <exception cref="ArgumentException">The service is not known for the protocol.</exception>
    public static int GetPort(string service, ProtocolType protocol = ProtocolType.Tcp)
    {
        if (!TryGetPort(service, protocol, out int port))
        {
            throw new ArgumentException($"Unknown service '{service}' for {ProtocolName(protocol)}: not in {ServicesFile} nor built in.", nameof(service));
        }

        return port;
    }

    internal static string ProtocolName(ProtocolType protocol) => protocol switch
    {
        ProtocolType.Tcp => "tcp",
        ProtocolType.Udp => "udp",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Service names exist for TCP and UDP only."),
    };
}

/// <summary>One services database: the parsed file, falling back to the built-in table.</summary>
internal sealed class ServiceTable
{
    // The common services, for systems without /etc/services. Ports are IANA's; both protocols unless noted.
    private static readonly (string Name, int Port, string? Protocol)[] BuiltIn =
    {
        ("echo", 7, null), ("discard", 9, null), ("daytime", 13, null), ("ftp-data", 20, "tcp"), ("ftp", 21, "tcp"),
        ("ssh", 22, "tcp"), ("telnet", 23, "tcp"), ("smtp", 25, "tcp"), ("time", 37, null), ("domain", 53, null),
        ("tftp", 69, "udp"), ("gopher", 70, "tcp"), ("finger", 79, "tcp"), ("http", 80, "tcp"), ("www", 80, "tcp"),
        ("kerberos", 88, null), ("pop3", 110, "tcp"), ("sunrpc", 111, null), ("ident", 113, "tcp"), ("nntp", 119, "tcp"),
        ("ntp", 123, "udp"), ("imap", 143, "tcp"), ("imap2", 143, "tcp"), ("snmp", 161, "udp"), ("snmp-trap", 162, "udp"),
        ("ldap", 389, "tcp"), ("https", 443, null), ("submissions", 465, "tcp"), ("syslog", 514, "udp"),
        ("submission", 587, "tcp"), ("ldaps", 636, "tcp"), ("rsync", 873, "tcp"), ("imaps", 993, "tcp"),
        ("pop3s", 995, "tcp"), ("socks", 1080, "tcp"), ("mysql", 3306, "tcp"), ("postgresql", 5432, "tcp"),
        ("amqp", 5672, "tcp"), ("redis", 6379, "tcp"), ("http-alt", 8080, "tcp"),
    };

    private readonly Dictionary<(string Name, string Protocol), int> _fromFile;

    private ServiceTable(Dictionary<(string Name, string Protocol), int> fromFile) => _fromFile = fromFile;

    /// <summary>Reads a services file in the /etc/services format; a missing or unreadable file leaves only the built-ins.</summary>
    public static ServiceTable Load(string path)
    {
        try
        {
            return Parse(File.ReadLines(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Parse(Array.Empty<string>());
        }
    }

    /// <summary>Parses lines of "name port/protocol [aliases...] [# comment]".</summary>
    public static ServiceTable Parse(IEnumerable<string> lines)
    {
        var entries = new Dictionary<(string, string), int>();
        foreach (var rawLine in lines)
        {
            int hash = rawLine.IndexOf('#', StringComparison.Ordinal);
            var line = hash >= 0 ? rawLine.Substring(0, hash) : rawLine;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            int slash = fields[1].IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0
                || !int.TryParse(fields[1].AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
                || port > 65535)
            {
                continue; // a malformed line: getaddrinfo skips it too
            }

            string protocol = fields[1].Substring(slash + 1);
            for (int i = 0; i < fields.Length; i++)
            {
                if (i != 1)
                {
                    entries.TryAdd((fields[i], protocol), port); // the first line for a name wins, as in getservbyname
                }
            }
        }

        return new ServiceTable(entries);
    }

    public bool TryGetPort(string name, string protocol, out int port)
    {
        if (_fromFile.TryGetValue((name, protocol), out port))
        {
            return true;
        }

        foreach (var (builtInName, builtInPort, builtInProtocol) in BuiltIn)
        {
            if (builtInName == name && (builtInProtocol is null || builtInProtocol == protocol))
            {
                port = builtInPort;
                return true;
            }
        }

        port = 0;
        return false;
    }
}
