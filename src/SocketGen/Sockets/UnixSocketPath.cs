using System.Net.Sockets;
using System.Text;

namespace SocketGen.Sockets;

/// <summary>Reads the path out of a <see cref="UnixDomainSocketEndPoint"/>, which does not expose it, and tells abstract names apart.</summary>
internal readonly struct UnixSocketPath
{
    private UnixSocketPath(string path, bool isAbstract)
    {
        Path = path;
        IsAbstract = isAbstract;
    }

    /// <summary>The file system path, or the abstract name without its leading NUL.</summary>
    public string Path { get; }

    /// <summary>Whether this is a Linux abstract name (no file in the file system).</summary>
    public bool IsAbstract { get; }

    public static UnixSocketPath Of(UnixDomainSocketEndPoint endPoint)
    {
        // ToString() shows an abstract name as "@name", indistinguishable from a relative file "@name";
        // sockaddr_un is not: sun_path starts after the two-byte family, an abstract name with a NUL.
        var address = endPoint.Serialize();
        const int PathOffset = 2;
        if (address.Size <= PathOffset)
        {
            return new UnixSocketPath(string.Empty, isAbstract: false);
        }

        var bytes = new byte[address.Size - PathOffset];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = address[PathOffset + i];
        }

        if (bytes[0] == 0)
        {
            return new UnixSocketPath(Encoding.UTF8.GetString(bytes, 1, bytes.Length - 1), isAbstract: true);
        }

        int end = Array.IndexOf(bytes, (byte)0);
        return new UnixSocketPath(Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end), isAbstract: false);
    }
}
