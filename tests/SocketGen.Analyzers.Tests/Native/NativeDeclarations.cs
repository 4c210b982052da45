namespace SocketGen.Analyzers.Tests.Native;

/// <summary>
/// Hand-written libc bindings and sockaddr structs, the way interop code declares them, appended to
/// the native rules' test sources. Sizes: sockaddr_in 16, sockaddr_in6 28, sockaddr_storage 128.
/// </summary>
internal static class NativeDeclarations
{
    public const string Source = """

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        public struct sockaddr_in
        {
            public ushort sin_family;
            public ushort sin_port;
            public uint sin_addr;
            public ulong sin_zero;
        }

        public unsafe struct in6_addr
        {
            public fixed byte s6_addr[16];
        }

        public struct sockaddr_in6
        {
            public ushort sin6_family;
            public ushort sin6_port;
            public uint sin6_flowinfo;
            public in6_addr sin6_addr;
            public uint sin6_scope_id;
        }

        public unsafe struct sockaddr_storage
        {
            public ushort ss_family;
            public fixed byte ss_data[126];
        }

        public static unsafe class Libc
        {
            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern int accept(int fd, void* addr, uint* addrlen);

            [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "accept4")]
            public static extern int Accept4(int fd, ref sockaddr_storage addr, ref uint addrlen, int flags);

            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern int getpeername(int fd, void* addr, int* addrlen);

            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern nint recvfrom(int fd, byte* buf, nuint len, int flags, void* addr, uint* addrlen);

            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern int bind(int fd, void* addr, uint addrlen);

            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern int connect(int fd, ref sockaddr_in6 addr, int addrlen);

            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern nint sendto(int fd, byte* buf, nuint len, int flags, void* addr, int addrlen);

            [System.Runtime.InteropServices.DllImport("libc")]
            public static extern int close(int fd);
        }
        """;
}
