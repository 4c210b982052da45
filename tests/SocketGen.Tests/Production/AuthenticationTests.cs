using System.Net;
using SocketGen.Serialization;
using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Security;
using SocketGen.Tests.Rpc;

namespace SocketGen.Tests.Production;

public class AuthenticationTests
{
    [Fact]
    public async Task A_rejected_connection_gets_an_error_frame_naming_the_reason_and_is_closed()
    {
        var options = new SocketServerOptions
        {
            ConnectionAuthenticator = (_, _) => ValueTask.FromResult(ConnectionAuthenticationResult.Reject("address not on the allow list")),
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);

        AccessDeniedException error = await Assert.ThrowsAsync<AccessDeniedException>(() => host.ConnectAsync());
        Assert.Equal(RpcErrorCode.Unauthenticated, error.ErrorCode);
        Assert.Equal("address not on the allow list", error.Reason);

        using RawConnection raw = await RawConnection.ConnectAsync(host.EndPoint, TestTimeout.Token());
        await raw.SendAsync(RawConnection.Preface(), TestTimeout.Token());
        (FrameHeader Header, byte[] Payload)? frame = await raw.ReceiveFrameAsync(TestTimeout.Token());
        Assert.NotNull(frame);
        Assert.Equal(FrameType.Error, frame.Value.Header.Type);
        Assert.Equal(0u, frame.Value.Header.CallId);
        (RpcErrorCode code, string message) = RawConnection.ReadError(frame.Value.Payload);
        Assert.Equal(RpcErrorCode.Unauthenticated, code);
        Assert.Equal("address not on the allow list", message);
        Assert.True(await raw.WaitForCloseAsync(TestTimeout.Token()));

        LogEntry close = await TlsTests.WaitForCloseAsync(host, SecurityCloseReason.AuthenticationFailed);
        Assert.Contains("address not on the allow list", close.Message, StringComparison.Ordinal);
        await TlsTests.WaitUntilAsync(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_rejected_connection_never_dispatches_a_call_it_sent_early()
    {
        var options = new SocketServerOptions
        {
            ConnectionAuthenticator = (_, _) => ValueTask.FromResult(ConnectionAuthenticationResult.Reject("no")),
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        using RawConnection raw = await RawConnection.ConnectAsync(host.EndPoint, TestTimeout.Token());

        // A notify (one-way) call pipelined behind the preface, before the verdict.
        byte[] notify = RawConnection.Frame(FrameType.OneWay, 1, CalculatorMethods.Notify, [0, 0, 0, 42]);
        await raw.SendAsync([.. RawConnection.Preface(), .. notify], TestTimeout.Token());

        Assert.True(await raw.WaitForCloseAsync(TestTimeout.Token()));
        Assert.Empty(host.Calculator.Notifications);
    }

    [Fact]
    public async Task The_authenticator_sees_the_remote_end_point_and_names_the_connection_for_call_authorization()
    {
        EndPoint? seen = null;
        var callers = new List<string?>();
        var options = new SocketServerOptions
        {
            ConnectionAuthenticator = (context, _) =>
            {
                seen = context.RemoteEndPoint;
                Assert.False(context.IsTls);
                return ValueTask.FromResult(ConnectionAuthenticationResult.Accept("alice", state: 42));
            },
            CallAuthorizer = context =>
            {
                lock (callers)
                {
                    callers.Add($"{context.Connection.Name}/{context.Connection.State}/{context.ContractName}.{context.MethodName}");
                }

                return CallAuthorizationResult.Allow;
            },
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        await using CalculatorClient client = await host.ConnectAsync();

        Assert.Equal(3, await client.AddAsync(1, 2));
        var remote = Assert.IsType<IPEndPoint>(seen);
        Assert.Equal(IPAddress.Loopback, remote.Address);
        Assert.Equal(["alice/42/ICalculator.AddAsync"], callers);
    }

    [Fact]
    public async Task A_denied_call_fails_with_a_typed_error_and_the_connection_stays_up()
    {
        var options = new SocketServerOptions
        {
            CallAuthorizer = context => context.MethodName == "EchoAsync" ? CallAuthorizationResult.Deny("Echo is for admins") : CallAuthorizationResult.Allow,
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        await using CalculatorClient client = await host.ConnectAsync();

        AccessDeniedException error = await Assert.ThrowsAsync<AccessDeniedException>(() => client.EchoAsync("hi"));
        Assert.Equal(RpcErrorCode.PermissionDenied, error.ErrorCode);
        Assert.Equal("Echo is for admins", error.Reason);
        Assert.Equal(9, await client.AddAsync(4, 5));
        Assert.Contains(host.Logger.Entries, e => e.EventId.Name == "CallDenied" && e.Message.Contains("Echo is for admins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_authenticator_slower_than_the_handshake_timeout_refuses_the_connection()
    {
        var options = new SocketServerOptions
        {
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
            ConnectionAuthenticator = async (_, cancellationToken) =>
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return ConnectionAuthenticationResult.Accept();
            },
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);

        await Assert.ThrowsAnyAsync<SocketGenException>(() => host.ConnectAsync(new SocketClientOptions { HandshakeTimeout = TimeSpan.FromSeconds(5) }));
        await TlsTests.WaitUntilAsync(() => host.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_frame_over_the_pre_authentication_cap_closes_the_connection_before_authentication()
    {
        bool authenticatorRan = false;
        var options = new SocketServerOptions
        {
            PreAuthenticationMaxFramePayloadLength = 1024,
            ConnectionAuthenticator = async (_, _) =>
            {
                await Task.Yield();
                authenticatorRan = true;
                return ConnectionAuthenticationResult.Accept();
            },
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        using RawConnection raw = await RawConnection.ConnectAsync(host.EndPoint, TestTimeout.Token());

        // 4 KiB is far under the normal 1 MiB limit, but this peer has not been let in yet.
        byte[] big = RawConnection.Frame(FrameType.Request, 1, CalculatorMethods.EchoBytes, new byte[4096]);
        await raw.SendAsync([.. RawConnection.Preface(), .. big], TestTimeout.Token());

        (FrameHeader Header, byte[] Payload)? frame = await raw.ReceiveFrameAsync(TestTimeout.Token());
        Assert.NotNull(frame);
        Assert.Equal(FrameType.Error, frame.Value.Header.Type);
        Assert.Equal(RpcErrorCode.LimitExceeded, RawConnection.ReadError(frame.Value.Payload).Code);
        Assert.True(await raw.WaitForCloseAsync(TestTimeout.Token()));
        Assert.False(authenticatorRan);
        await TlsTests.WaitForCloseAsync(host, CloseReason.LimitExceeded);
    }

    [Fact]
    public async Task A_small_frame_pipelined_behind_the_preface_is_served_once_the_connection_is_let_in()
    {
        var options = new SocketServerOptions
        {
            ConnectionAuthenticator = (_, _) => ValueTask.FromResult(ConnectionAuthenticationResult.Accept()),
        };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        using RawConnection raw = await RawConnection.ConnectAsync(host.EndPoint, TestTimeout.Token());

        await raw.SendAsync([.. RawConnection.Preface(), .. RawConnection.AddRequest(7, 20, 22)], TestTimeout.Token());

        byte[] preface = await raw.ReceiveAsync(ConnectionPreface.Size, TestTimeout.Token());
        Assert.Equal(RawConnection.Preface(), preface);
        (FrameHeader Header, byte[] Payload)? response = await raw.ReceiveFrameAsync(TestTimeout.Token());
        Assert.NotNull(response);
        Assert.Equal(FrameType.Response, response.Value.Header.Type);
        Assert.Equal(7u, response.Value.Header.CallId);
        Assert.Equal(42, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(response.Value.Payload));
    }

    [Fact]
    public async Task Without_an_authenticator_a_large_frame_pipelined_behind_the_preface_gets_the_full_limit()
    {
        // Found by the benchmark's load driver, which sends its first 4 KiB requests with the preface in one
        // write. With no authenticator the connection is let in by its preface, so the frames behind it are
        // not held to the pre-authentication cap (with one they are: see the test above).
        var options = new SocketServerOptions { PreAuthenticationMaxFramePayloadLength = 1024 };
        await using RpcTestHost host = await RpcTestHost.StartAsync(options);
        using RawConnection raw = await RawConnection.ConnectAsync(host.EndPoint, TestTimeout.Token());
        byte[] data = new byte[4096];
        Random.Shared.NextBytes(data);
        var payload = new WireBuffer();
        new WireWriter(payload).WriteByteArray(data);

        await raw.SendAsync([.. RawConnection.Preface(), .. RawConnection.Frame(FrameType.Request, 5, CalculatorMethods.EchoBytes, payload.WrittenSpan)], TestTimeout.Token());

        Assert.Equal(RawConnection.Preface(), await raw.ReceiveAsync(ConnectionPreface.Size, TestTimeout.Token()));
        (FrameHeader Header, byte[] Payload)? response = await raw.ReceiveFrameAsync(TestTimeout.Token());
        Assert.NotNull(response);
        Assert.Equal(FrameType.Response, response.Value.Header.Type);
        Assert.Equal(5u, response.Value.Header.CallId);
        Assert.Equal(data, new WireReader(response.Value.Payload).ReadByteArray());
    }

    [Fact]
    public async Task After_authentication_the_full_frame_limit_applies()
    {
        await using RpcTestHost host = await RpcTestHost.StartAsync(new SocketServerOptions { PreAuthenticationMaxFramePayloadLength = 1024 });
        await using CalculatorClient client = await host.ConnectAsync();

        byte[] large = new byte[64 * 1024];
        Assert.Equal(large, await client.EchoBytesAsync(large));
    }
}
