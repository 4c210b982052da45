using System.Runtime.InteropServices;

namespace SocketGen.Sockets;

/// <summary>The few libc calls .NET does not expose: getaddrinfo itself, descriptor flags and the file type.</summary>
internal static unsafe partial class Libc
{
    private const string LibraryName = "libc";

    public const int FileDescriptorGetFlags = 1; // F_GETFD
    public const int FileDescriptorSetFlags = 2; // F_SETFD
    public const int CloseOnExec = 1;            // FD_CLOEXEC

    /// <summary>The start of struct addrinfo. Linux puts ai_addr before ai_canonname, the BSDs after.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct AddrInfo
    {
        public int Flags;
        public int Family;
        public int SocketType;
        public int Protocol;
        public uint AddressLength;
        public nint FirstPointer;
        public nint SecondPointer;
        public AddrInfo* Next;
    }

    /// <summary>
    /// Sets SO_REUSEPORT, which <see cref="System.Net.Sockets.SocketOptionName"/> does not name. Its number differs: 15 on Linux,
    /// 0x200 (at level 0xffff) on macOS and the BSDs.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Windows has no SO_REUSEPORT.</exception>
    public static void SetReusePort(System.Net.Sockets.Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, 15 /* SO_REUSEPORT */, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            socket.SetRawSocketOption(0xffff /* SOL_SOCKET */, 0x200 /* SO_REUSEPORT */, BitConverter.GetBytes(1));
        }
        else
        {
            throw new PlatformNotSupportedException("SO_REUSEPORT is not available on this operating system.");
        }
    }

    [LibraryImport(LibraryName, EntryPoint = "getaddrinfo", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GetAddrInfo(string? node, string? service, AddrInfo* hints, AddrInfo** result);

    [LibraryImport(LibraryName, EntryPoint = "freeaddrinfo")]
    public static partial void FreeAddrInfo(AddrInfo* result);

    [LibraryImport(LibraryName, EntryPoint = "gai_strerror")]
    public static partial nint GaiStrError(int errorCode);

    // fcntl is variadic; with an int argument the Linux ABIs pass it like a fixed one. Only used on Linux.
    [LibraryImport(LibraryName, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    // statx has one layout on every Linux architecture, unlike struct stat.
    [LibraryImport(LibraryName, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>Whether the path names a socket file (S_IFSOCK), not following symlinks; null when it cannot tell.</summary>
    public static bool? IsSocketFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        const int AtCurrentDirectory = -100;  // AT_FDCWD
        const int AtSymlinkNoFollow = 0x100;  // AT_SYMLINK_NOFOLLOW
        const uint StatxType = 0x1;           // STATX_TYPE
        const int ModeOffset = 0x1c;          // stx_mode
        byte* buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a libc older than statx (glibc 2.28)
        }

        ushort mode = *(ushort*)(buffer + ModeOffset);
        return (mode & 0xF000) == 0xC000; // S_IFMT, S_IFSOCK
    }
}
