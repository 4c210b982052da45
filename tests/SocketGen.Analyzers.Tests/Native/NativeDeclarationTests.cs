using SocketGen.Analyzers.Native;
using SocketGen.CodeFixes.Native;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Native;

public class OutAddressLengthTests
{
    [Fact]
    public Task Out_address_length_is_reported_on_the_parameter()
        => new SocketAnalyzerTest(new OutAddressLengthAnalyzer())
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                static unsafe partial class Native
                {
                    [DllImport("libc", SetLastError = true)]
                    public static extern int accept(int fd, IntPtr addr, [|out int addrlen|]);

                    [DllImport("libc", EntryPoint = "getsockname")]
                    public static extern int LocalAddress(int fd, byte* addr, [|out uint length|]);

                    [LibraryImport("libc", EntryPoint = "recvfrom")]
                    public static partial nint ReceiveFrom(int fd, byte* buf, nuint len, int flags, byte* from, [|out int fromLength|]);

                    public static partial nint ReceiveFrom(int fd, byte* buf, nuint len, int flags, byte* from, out int fromLength)
                    {
                        fromLength = 0;
                        return 0;
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Ref_pointer_and_unrelated_out_parameters_are_not_reported()
        => new SocketAnalyzerTest(new OutAddressLengthAnalyzer())
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                static unsafe class Native
                {
                    [DllImport("libc")]
                    public static extern int accept(int fd, IntPtr addr, ref int addrlen);

                    [DllImport("libc")]
                    public static extern int accept4(int fd, IntPtr addr, int* addrlen, int flags);

                    [DllImport("libc")]
                    public static extern int pipe(out long fds);

                    [DllImport("libc")]
                    public static extern int bind(int fd, IntPtr addr, int addrlen);

                    public static int getpeername(int fd, IntPtr addr, out int addrlen)
                    {
                        addrlen = 0;
                        return 0;
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Fix_declares_ref_and_updates_calls()
        => new SocketAnalyzerTest(new OutAddressLengthCodeFix(), new OutAddressLengthAnalyzer())
        {
            TestCode = """
                using System;
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc")]
                    static extern int accept(int fd, IntPtr addr, [|out int addrlen|]);

                    [DllImport("libc")]
                    static extern int getpeername(int fd, IntPtr addr, [|out int addrlen|]);

                    static int Run(int fd, IntPtr addr)
                    {
                        int len = 128;
                        getpeername(fd, addr, out len);
                        return accept(fd, addr, out len);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Runtime.InteropServices;

                static class Native
                {
                    [DllImport("libc")]
                    static extern int accept(int fd, IntPtr addr, ref int addrlen);

                    [DllImport("libc")]
                    static extern int getpeername(int fd, IntPtr addr, ref int addrlen);

                    static int Run(int fd, IntPtr addr)
                    {
                        int len = 128;
                        getpeername(fd, addr, ref len);
                        return accept(fd, addr, ref len);
                    }
                }
                """,
        }.RunAsync();
}

public class PortByteOrderTests
{
    [Fact]
    public Task Ports_in_host_order_are_reported_on_the_assignment()
        => new SocketAnalyzerTest(new PortByteOrderAnalyzer())
        {
            TestCode = """
                using System.Net;

                class Client
                {
                    sockaddr_in Daytime(IPEndPoint endPoint)
                    {
                        var addr = new sockaddr_in();
                        addr.sin_family = 2;
                        [|addr.sin_port = 13|];
                        [|addr.sin_port = (ushort)endPoint.Port|];
                        var six = new sockaddr_in6 { sin6_family = 10, [|sin6_port = 8080|] };
                        var shaped = new Endpoint4 { Family = 2, [|Port = 443|] };
                        return addr;
                    }
                }

                struct Endpoint4
                {
                    public ushort Family;
                    public ushort Port;
                    public uint Address;
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();

    [Fact]
    public Task Converted_zero_symmetric_hex_and_unknown_ports_are_not_reported()
        => new SocketAnalyzerTest(new PortByteOrderAnalyzer())
        {
            TestCode = """
                using System.Buffers.Binary;
                using System.Net;

                class Client
                {
                    [System.Runtime.InteropServices.DllImport("libc")]
                    static extern ushort htons(ushort port);

                    void Fill(ushort port, ushort networkPort)
                    {
                        var addr = new sockaddr_in();
                        addr.sin_port = htons(13);
                        addr.sin_port = (ushort)IPAddress.HostToNetworkOrder((short)port);
                        addr.sin_port = BinaryPrimitives.ReverseEndianness(port);
                        addr.sin_port = 0;
                        addr.sin_port = 0x0D00;
                        addr.sin_port = 257;
                        addr.sin_port = networkPort;
                        var other = new Settings { Port = 8080 };
                    }
                }

                struct Settings
                {
                    public ushort Port;
                    public string Host;
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();

    [Fact]
    public Task Fix_wraps_the_port_in_host_to_network_order()
        => new SocketAnalyzerTest(new PortByteOrderCodeFix(), new PortByteOrderAnalyzer())
        {
            TestCode = """
                using System.Net;

                class Client
                {
                    void Fill(IPEndPoint endPoint)
                    {
                        var addr = new sockaddr_in();
                        [|addr.sin_port = 13|];
                        [|addr.sin_port = 50000|];
                        [|addr.sin_port = (ushort)endPoint.Port|];
                    }
                }
                """ + NativeDeclarations.Source,
            FixedCode = """
                using System.Net;

                class Client
                {
                    void Fill(IPEndPoint endPoint)
                    {
                        var addr = new sockaddr_in();
                        addr.sin_port = (ushort)IPAddress.HostToNetworkOrder((short)13);
                        addr.sin_port = (ushort)IPAddress.HostToNetworkOrder(unchecked((short)50000));
                        addr.sin_port = (ushort)IPAddress.HostToNetworkOrder((short)endPoint.Port);
                    }
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();
}

public class AddressLengthMismatchTests
{
    [Fact]
    public Task Length_of_another_struct_or_a_wrong_constant_is_reported()
        => new SocketAnalyzerTest(new AddressLengthMismatchAnalyzer())
        {
            TestCode = """
                unsafe class Client
                {
                    void Run(int fd, byte* data)
                    {
                        var six = new sockaddr_in6();
                        var four = new sockaddr_in();
                        {|#0:Libc.bind(fd, &six, (uint)sizeof(sockaddr_in))|};
                        [|Libc.connect(fd, ref six, 16)|];
                        [|Libc.sendto(fd, data, 4, 0, &four, System.Runtime.InteropServices.Marshal.SizeOf<sockaddr_in6>())|];
                        var length = sizeof(sockaddr_storage);
                        [|Libc.sendto(fd, data, 4, 0, &six, length)|];
                    }
                }
                """ + NativeDeclarations.Source,
            ExpectedDiagnostics =
            {
                Expected.Diagnostic("SG3005").WithLocation(0).WithArguments("bind", "sockaddr_in6", "28", "sizeof(sockaddr_in) = 16"),
            },
        }.RunAsync();

    [Fact]
    public Task Matching_or_unknown_lengths_are_not_reported()
        => new SocketAnalyzerTest(new AddressLengthMismatchAnalyzer())
        {
            TestCode = """
                unsafe class Client
                {
                    void Run(int fd, byte* data, int length, void* unknown)
                    {
                        var six = new sockaddr_in6();
                        var four = new sockaddr_in();
                        Libc.bind(fd, &six, (uint)sizeof(sockaddr_in6));
                        Libc.bind(fd, &four, 16);
                        Libc.connect(fd, ref six, System.Runtime.InteropServices.Marshal.SizeOf(six));
                        Libc.sendto(fd, data, 4, 0, &six, length);
                        Libc.sendto(fd, data, 4, 0, unknown, 16);
                        var reused = sizeof(sockaddr_in);
                        reused = sizeof(sockaddr_in6);
                        Libc.sendto(fd, data, 4, 0, &six, reused);
                    }
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();

    [Fact]
    public Task Fix_passes_the_size_of_the_struct()
        => new SocketAnalyzerTest(new AddressLengthMismatchCodeFix(), new AddressLengthMismatchAnalyzer())
        {
            TestCode = """
                unsafe class Client
                {
                    void Run(int fd)
                    {
                        var six = new sockaddr_in6();
                        [|Libc.bind(fd, &six, (uint)sizeof(sockaddr_in))|];
                        [|Libc.connect(fd, ref six, 16)|];
                    }
                }
                """ + NativeDeclarations.Source,
            FixedCode = """
                unsafe class Client
                {
                    void Run(int fd)
                    {
                        var six = new sockaddr_in6();
                        Libc.bind(fd, &six, (uint)sizeof(sockaddr_in6));
                        Libc.connect(fd, ref six, System.Runtime.InteropServices.Marshal.SizeOf<sockaddr_in6>());
                    }
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();
}
