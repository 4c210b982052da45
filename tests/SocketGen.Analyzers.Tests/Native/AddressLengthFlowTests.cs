using SocketGen.Analyzers.Native;
using SocketGen.CodeFixes.Native;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Native;

public class AddressLengthFlowTests
{
    private static Task VerifyAsync(string code)
        => new SocketAnalyzerTest(new AddressLengthFlowAnalyzer()) { TestCode = code + NativeDeclarations.Source }.RunAsync();

    [Fact]
    public Task Unset_length_passed_to_accept_is_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                int AcceptOne(int fd)
                {
                    sockaddr_storage addr;
                    uint len;
                    return {|SG3001:Libc.accept(fd, &addr, &len)|};
                }
            }
            """);

    [Fact]
    public Task Zero_length_is_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                int Peer(int fd)
                {
                    sockaddr_in6 addr;
                    int len = 0;
                    return {|SG3001:Libc.getpeername(fd, &addr, &len)|};
                }
            }
            """);

    [Fact]
    public Task Constant_that_differs_from_the_buffer_size_is_reported_on_every_branch()
        => VerifyAsync("""
            unsafe class Server
            {
                int AcceptOne(int fd, bool verbose)
                {
                    sockaddr_in6 addr;
                    uint len;
                    if (verbose)
                    {
                        len = 16;
                    }
                    else
                    {
                        len = (uint)sizeof(sockaddr_in);
                    }

                    return {|SG3001:Libc.accept(fd, &addr, &len)|};
                }
            }
            """);

    [Fact]
    public Task Length_set_to_the_buffer_size_is_not_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                int AcceptOne(int fd)
                {
                    sockaddr_storage addr;
                    uint len = (uint)sizeof(sockaddr_storage);
                    int peer = Libc.accept(fd, &addr, &len);
                    uint fromLen = 128;
                    byte* buffer = stackalloc byte[64];
                    Libc.recvfrom(fd, buffer, 64, 0, &addr, &fromLen);
                    return peer;
                }
            }
            """);

    [Fact]
    public Task Length_set_on_only_some_paths_is_not_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                int AcceptOne(int fd, bool ipv6)
                {
                    sockaddr_storage addr;
                    uint len = 0;
                    if (ipv6)
                    {
                        len = (uint)sizeof(sockaddr_storage);
                    }

                    return Libc.accept(fd, &addr, &len);
                }
            }
            """);

    [Fact]
    public Task Null_address_needs_no_length()
        => VerifyAsync("""
            unsafe class Server
            {
                int AcceptOne(int fd)
                {
                    uint len;
                    return Libc.accept(fd, null, &len);
                }
            }
            """);

    [Fact]
    public Task Length_from_a_parameter_or_unknown_value_is_not_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                int AcceptOne(int fd, uint size)
                {
                    sockaddr_storage addr;
                    uint len = size;
                    return Libc.accept(fd, &addr, &len);
                }
            }
            """);

    [Fact]
    public Task Length_kept_across_accept_loop_iterations_is_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                void Serve(int fd)
                {
                    sockaddr_storage addr;
                    uint len = (uint)sizeof(sockaddr_storage);
                    while (true)
                    {
                        int client = {|SG3002:Libc.accept(fd, &addr, &len)|};
                        if (client < 0)
                        {
                            break;
                        }

                        Libc.close(client);
                    }
                }
            }
            """);

    [Fact]
    public Task Ref_length_kept_across_for_loop_iterations_is_reported()
        => VerifyAsync("""
            class Server
            {
                void Serve(int fd, int count)
                {
                    var addr = new sockaddr_storage();
                    uint len = 128;
                    for (var i = 0; i < count; i++)
                    {
                        Libc.close({|SG3002:Libc.Accept4(fd, ref addr, ref len, 0)|});
                    }
                }
            }
            """);

    [Fact]
    public Task Length_reset_before_every_call_is_not_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                void Serve(int fd)
                {
                    sockaddr_storage addr;
                    uint len;
                    while (true)
                    {
                        len = (uint)sizeof(sockaddr_storage);
                        int client = Libc.accept(fd, &addr, &len);
                        if (client < 0)
                        {
                            break;
                        }

                        Libc.close(client);
                    }
                }
            }
            """);

    [Fact]
    public Task Length_reset_at_the_end_of_every_iteration_is_not_reported()
        => VerifyAsync("""
            unsafe class Server
            {
                void Serve(int fd)
                {
                    sockaddr_storage addr;
                    uint len = (uint)sizeof(sockaddr_storage);
                    for (;;)
                    {
                        int client = Libc.accept(fd, &addr, &len);
                        Libc.close(client);
                        len = (uint)sizeof(sockaddr_storage);
                    }
                }
            }
            """);

    [Fact]
    public Task Length_declared_inside_the_loop_body_is_fresh_each_iteration()
        => VerifyAsync("""
            unsafe class Server
            {
                void Serve(int fd)
                {
                    while (true)
                    {
                        sockaddr_storage addr;
                        uint len = (uint)sizeof(sockaddr_storage);
                        Libc.close(Libc.accept(fd, &addr, &len));
                    }
                }
            }
            """);

    [Fact]
    public Task Length_captured_by_a_lambda_is_not_tracked()
        => VerifyAsync("""
            class Server
            {
                void Serve(int fd)
                {
                    var addr = new sockaddr_storage();
                    uint len = 0;
                    System.Action reset = () => len = 128;
                    reset();
                    Libc.Accept4(fd, ref addr, ref len, 0);
                }
            }
            """);

    [Fact]
    public Task Entry_point_names_the_function_whatever_the_method_is_called()
        => VerifyAsync("""
            using System.Runtime.InteropServices;

            unsafe static partial class Sys
            {
                [DllImport("libSystem.Native", EntryPoint = "getsockname")]
                public static extern int LocalName(nint fd, byte* addr, int* len);

                [LibraryImport("libc", EntryPoint = "accept")]
                public static partial int Take(int fd, sockaddr_in6* addr, int* len);

                public static partial int Take(int fd, sockaddr_in6* addr, int* len) => 0;

                static void Use(nint fd)
                {
                    sockaddr_in6 six;
                    int len;
                    {|SG3001:LocalName(fd, (byte*)&six, &len)|};
                    int zero = 0;
                    {|SG3001:Take(0, &six, &zero)|};
                }
            }
            """);

    [Fact]
    public Task Fix_resets_the_length_inside_every_loop()
        => new SocketAnalyzerTest(new AddressLengthResetCodeFix(), new AddressLengthFlowAnalyzer())
        {
            TestCode = """
                unsafe class Server
                {
                    void Serve(int fd)
                    {
                        sockaddr_storage addr;
                        uint len = (uint)sizeof(sockaddr_storage);
                        while (true)
                        {
                            int client = {|SG3002:Libc.accept(fd, &addr, &len)|};
                            Libc.close(client);
                        }
                    }

                    void ServeSix(int fd)
                    {
                        sockaddr_in6 addr;
                        uint len = (uint)sizeof(sockaddr_in6);
                        do
                        {
                            // One peer at a time.
                            Libc.close({|SG3002:Libc.accept(fd, &addr, &len)|});
                        }
                        while (fd > 0);
                    }
                }
                """ + NativeDeclarations.Source,
            FixedCode = """
                unsafe class Server
                {
                    void Serve(int fd)
                    {
                        sockaddr_storage addr;
                        uint len = (uint)sizeof(sockaddr_storage);
                        while (true)
                        {
                            len = (uint)sizeof(sockaddr_storage);
                            int client = Libc.accept(fd, &addr, &len);
                            Libc.close(client);
                        }
                    }

                    void ServeSix(int fd)
                    {
                        sockaddr_in6 addr;
                        uint len = (uint)sizeof(sockaddr_in6);
                        do
                        {
                            len = (uint)sizeof(sockaddr_in6);
                            // One peer at a time.
                            Libc.close(Libc.accept(fd, &addr, &len));
                        }
                        while (fd > 0);
                    }
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();

    [Fact]
    public Task Fix_sets_an_unset_length_before_the_call()
        => new SocketAnalyzerTest(new AddressLengthResetCodeFix(), new AddressLengthFlowAnalyzer())
        {
            TestCode = """
                unsafe class Server
                {
                    int Peer(int fd)
                    {
                        sockaddr_in6 peer;
                        int peerLen;
                        return {|SG3001:Libc.getpeername(fd, &peer, &peerLen)|};
                    }

                    int Accept(int fd)
                    {
                        sockaddr_storage peer;
                        uint peerLen = 0;
                        int client = {|SG3001:Libc.accept(fd, &peer, &peerLen)|};
                        return client;
                    }
                }
                """ + NativeDeclarations.Source,
            FixedCode = """
                unsafe class Server
                {
                    int Peer(int fd)
                    {
                        sockaddr_in6 peer;
                        int peerLen;
                        peerLen = sizeof(sockaddr_in6);
                        return Libc.getpeername(fd, &peer, &peerLen);
                    }

                    int Accept(int fd)
                    {
                        sockaddr_storage peer;
                        uint peerLen = 0;
                        peerLen = (uint)sizeof(sockaddr_storage);
                        int client = Libc.accept(fd, &peer, &peerLen);
                        return client;
                    }
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();

    [Fact]
    public Task Fix_uses_marshal_size_of_outside_unsafe_code()
        => new SocketAnalyzerTest(new AddressLengthResetCodeFix(), new AddressLengthFlowAnalyzer())
        {
            TestCode = """
                class Server
                {
                    void Serve(int fd)
                    {
                        var addr = new sockaddr_storage();
                        uint len = 128;
                        while (true)
                        {
                            Libc.close({|SG3002:Libc.Accept4(fd, ref addr, ref len, 0)|});
                        }
                    }
                }
                """ + NativeDeclarations.Source,
            FixedCode = """
                class Server
                {
                    void Serve(int fd)
                    {
                        var addr = new sockaddr_storage();
                        uint len = 128;
                        while (true)
                        {
                            len = (uint)System.Runtime.InteropServices.Marshal.SizeOf<sockaddr_storage>();
                            Libc.close(Libc.Accept4(fd, ref addr, ref len, 0));
                        }
                    }
                }
                """ + NativeDeclarations.Source,
        }.RunAsync();
}
