namespace SocketGen.Testing.Analyzers;

/// <summary>
/// Socket code with every lifecycle misuse (SG1001–SG1008), marked with diagnostic markup. The
/// lifecycle tests verify the marks; the truncation test and the benchmark use it as the "bad code"
/// half of the corpus.
/// </summary>
public static class MisusedSocketCode
{
    public const string RawSockets = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Misuse
        {
            public static async Task ServerMistakesAsync(IPEndPoint endPoint, byte[] buffer, CancellationToken cancellationToken)
            {
                var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                {|SG1002:listener.Listen()|};
                {|SG1005:listener.Bind(endPoint)|};
                {|SG1008:listener.Send(buffer)|};
                await {|SG1001:listener.ConnectAsync(endPoint, cancellationToken)|};
                var connection = await listener.AcceptAsync(cancellationToken);
                {|SG1007:connection.Connect(endPoint)|};
                connection.Dispose();
                {|SG1004:connection.Receive(buffer)|};
            }

            public static void ClientMistakes(IPEndPoint endPoint, byte[] buffer)
            {
                var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
                client.Bind(new IPEndPoint(IPAddress.Any, 0));
                {|SG1003:client.Accept()|};
                var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(endPoint);
                {|SG1006:udp.Listen(5)|};
                using (client)
                {
                    client.Connect(endPoint);
                    for (var i = 0; i < 3; i++)
                    {
                        client.Send(buffer);
                    }
                }

                {|SG1004:client.Shutdown(SocketShutdown.Both)|};
            }
        }
        """;

    public const string Wrappers = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public static class WrapperMisuse
        {
            public static async Task RunAsync(IPEndPoint endPoint)
            {
                var listener = new TcpListener(endPoint);
                using var early = await {|SG1003:listener.AcceptTcpClientAsync()|};
                listener.Start();
                using var client = await listener.AcceptTcpClientAsync();
                {|SG1007:client.Connect(endPoint)|};
                listener.Stop();
                {|SG1003:listener.AcceptSocket()|};
                var udp = new UdpClient(0);
                udp.Close();
                {|SG1004:udp.Send(new byte[1], 1, endPoint)|};
            }
        }
        """;

    /// <summary>Every source above, by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
    [
        new(nameof(RawSockets), RawSockets),
        new(nameof(Wrappers), Wrappers),
    ];
}
