using SocketGen.Analyzers.Lifecycle;
using SocketGen.Testing.Analyzers;

namespace SocketGen.Analyzers.Tests.Lifecycle;

/// <summary>Wraps method bodies in a class with the usual socket usings, and runs the lifecycle analyzer over them.</summary>
internal static class LifecycleTest
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>A class with helpers around <paramref name="members"/>.</summary>
    public static string Class(string members) => Usings + $$"""
        class C
        {
            static readonly IPEndPoint Endpoint = new IPEndPoint(IPAddress.Loopback, 0);
            static bool Flag() => Environment.TickCount % 2 == 0;
            static void Keep(Socket socket) { }
            Socket _field = new Socket(SocketType.Stream, ProtocolType.Tcp);
        {{members}}
        }
        """;

    /// <summary>A class whose method <c>M</c> (sync) and <c>MAsync</c> have <paramref name="body"/>.</summary>
    public static string Body(string body) => Class($$"""
            void M(Socket parameter, byte[] buffer)
            {
        {{body}}
            }
        """);

    /// <summary>The same, as an async method.</summary>
    public static string AsyncBody(string body) => Class($$"""
            async Task MAsync(Socket parameter, byte[] buffer, CancellationToken cancellationToken)
            {
        {{body}}
            }
        """);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        => AnalyzerVerifier<SocketLifecycleAnalyzer>.VerifyAnalyzerAsync(source, expected);

    public static Task VerifyBodyAsync(string body, params DiagnosticResult[] expected) => VerifyAsync(Body(body), expected);

    public static Task VerifyAsyncBodyAsync(string body, params DiagnosticResult[] expected) => VerifyAsync(AsyncBody(body), expected);
}
