using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SocketGen.Sockets;

namespace SocketGen.Addressing;

/// <summary>
/// Calls the system's getaddrinfo with SOCK_STREAM, as C programs do, so results come one per address in the
/// resolver's own order (/etc/gai.conf, /etc/hosts, nsswitch). Dns.GetHostAddresses is not that: on Unix it
/// adds the machine's interface addresses for its own host name. Windows uses Dns (GetAddrInfoW underneath).
/// </summary>
internal static unsafe class SystemResolver
{
    private const int AfUnspec = 0;
    private const int AfInet = 2;
    private const int SockStream = 1;

    public static bool UsesGetAddrInfo => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>Resolves <paramref name="host"/> (not a literal) to addresses of the family asked for.</summary>
    public static IPAddress[] Resolve(string host, AddressFamily family)
    {
        if (!UsesGetAddrInfo)
        {
            try
            {
                return Dns.GetHostAddresses(host, family);
            }
            catch (SocketException ex)
            {
                throw ResolutionFailed(host, ex.SocketErrorCode, ex.Message);
            }
        }

        var hints = default(Libc.AddrInfo);
        hints.Family = ToNative(family);
        hints.SocketType = SockStream;
        Libc.AddrInfo* results = null;
        int status = Libc.GetAddrInfo(host, null, &hints, &results);
        if (status != 0)
        {
            string reason = Marshal.PtrToStringUTF8(Libc.GaiStrError(status)) ?? $"error {status}";
            throw ResolutionFailed(host, ToSocketError(status), reason);
        }

        try
        {
            var addresses = new List<IPAddress>();
            for (var entry = results; entry != null; entry = entry->Next)
            {
                var address = ReadAddress(entry);
                if (address is not null)
                {
                    addresses.Add(address);
                }
            }

            return addresses.ToArray();
        }
        finally
        {
            Libc.FreeAddrInfo(results);
        }
    }

    /// <summary>The error for a failed lookup: the resolver's code, and a message that names the host.</summary>
    public static SocketException ResolutionFailed(string host, SocketError error, string reason)
        => new((int)error, $"Could not resolve host '{host}': {reason} ({error}).");

    private static IPAddress? ReadAddress(Libc.AddrInfo* entry)
    {
        // Linux: ai_addr, ai_canonname; the BSDs and macOS: ai_canonname, ai_addr.
        byte* sockaddr = (byte*)(OperatingSystem.IsLinux() ? entry->FirstPointer : entry->SecondPointer);
        if (sockaddr == null)
        {
            return null;
        }

        // sockaddr_in: port at 2, address at 4. sockaddr_in6: port at 2, flow info at 4, address at 8, scope id at 24.
        if (entry->Family == AfInet && entry->AddressLength >= 8)
        {
            return new IPAddress(new ReadOnlySpan<byte>(sockaddr + 4, 4));
        }

        if (entry->Family == AfInet6 && entry->AddressLength >= 28)
        {
            uint scopeId = *(uint*)(sockaddr + 24);
            return new IPAddress(new ReadOnlySpan<byte>(sockaddr + 8, 16), scopeId);
        }

        return null;
    }

    private static int AfInet6 => OperatingSystem.IsLinux() ? 10 : OperatingSystem.IsFreeBSD() ? 28 : 30;

    private static int ToNative(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AfInet,
        AddressFamily.InterNetworkV6 => AfInet6,
        _ => AfUnspec,
    };

    internal static SocketError ToSocketError(int status) => ToSocketError(status, OperatingSystem.IsLinux());

    internal static SocketError ToSocketError(int status, bool linux)
    {
        if (linux)
        {
            return status switch
            {
                -3 => SocketError.TryAgain,                    // EAI_AGAIN
                -2 or -5 or -9 => SocketError.HostNotFound,    // EAI_NONAME, EAI_NODATA, EAI_ADDRFAMILY
                -4 => SocketError.NoRecovery,                  // EAI_FAIL
                -6 => SocketError.AddressFamilyNotSupported,   // EAI_FAMILY
                -10 => SocketError.NoBufferSpaceAvailable,     // EAI_MEMORY
                _ => SocketError.SocketError,
            };
        }

        return status switch
        {
            2 => SocketError.TryAgain,                         // EAI_AGAIN
            8 or 7 or 1 => SocketError.HostNotFound,           // EAI_NONAME, EAI_NODATA, EAI_ADDRFAMILY
            4 => SocketError.NoRecovery,                       // EAI_FAIL
            5 => SocketError.AddressFamilyNotSupported,        // EAI_FAMILY
            6 => SocketError.NoBufferSpaceAvailable,           // EAI_MEMORY
            _ => SocketError.SocketError,
        };
    }
}
