using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.IoAndNative;

/// <summary>
/// The misuse source the package test builds as a consumer (tests/SocketGen.PackageTests,
/// ConsumerSources.Misuse) gets SG2001 and SG3001 exactly on its marked lines, and nothing else from
/// these analyzers: so enabling the package test's SG2001/SG3001 checks needs no other change.
/// </summary>
public class PackageConsumerSourceTests
{
    [Fact]
    public Task Consumer_misuse_source_gets_SG2001_and_SG3001_on_the_marked_lines()
        => new SocketAnalyzerTest([.. AllAnalyzers.IoAndNative])
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Runtime.InteropServices;

                namespace Consumer;

                public static class SocketMisuse
                {
                    public static byte[] ReceiveHeaderIgnoringCount(EndPoint server)
                    {
                        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        socket.Connect(server);
                        var header = new byte[8];
                        {|SG2001:socket.Receive(header)|}; // expect SG2001
                        return header;
                    }

                    public static unsafe int AcceptWithUnsetAddressLength(int listener)
                    {
                        sockaddr_in address;
                        int length;
                        return {|SG3001:accept(listener, &address, &length)|}; // expect SG3001
                    }

                    [DllImport("libc", SetLastError = true)]
                    private static extern unsafe int accept(int socket, sockaddr_in* address, int* addressLength);

                    [StructLayout(LayoutKind.Sequential)]
                    private struct sockaddr_in
                    {
                        public ushort sin_family;
                        public ushort sin_port;
                        public uint sin_addr;
                        public ulong sin_zero;
                    }
                }
                """,
        }.RunAsync();
}
