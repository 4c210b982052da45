using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SocketGen.Benchmarks;

// Peers that speak the wire format with blocking sockets and preallocated buffers, so they allocate
// nothing: a benchmark of one engine against them measures only that engine's allocations.

/// <summary>A server that answers every Add request (and ping) without allocating.</summary>
internal sealed class RawAddServer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Thread _thread;

    public RawAddServer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        EndPoint = _listener.LocalEndPoint!;
        _thread = new Thread(Serve) { IsBackground = true, Name = "raw add server" };
        _thread.Start();
    }

    public EndPoint EndPoint { get; }

    public void Dispose() => _listener.Dispose();

    private void Serve()
    {
        using Socket socket = _listener.Accept();
        socket.NoDelay = true;
        var buffer = new byte[64 * 1024];
        var answer = new byte[64 * 1024];
        ReceiveExactly(socket, buffer.AsSpan(0, 8));
        socket.Send("SGRP\u0001\0\0\0"u8);
        try
        {
            while (true)
            {
                ReceiveExactly(socket, buffer.AsSpan(0, 16));
                int length = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(12));
                ReceiveExactly(socket, buffer.AsSpan(16, length));
                byte type = buffer[0];
                buffer.AsSpan(0, 16).CopyTo(answer);
                if (type == 1)
                {
                    answer[0] = 2;
                    answer[1] = 0;
                    BinaryPrimitives.WriteInt32BigEndian(answer.AsSpan(12), 4);
                    int sum = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(16)) + BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(20));
                    BinaryPrimitives.WriteInt32BigEndian(answer.AsSpan(16), sum);
                    socket.Send(answer.AsSpan(0, 20));
                }
                else if (type == 8)
                {
                    answer[0] = 9;
                    buffer.AsSpan(16, length).CopyTo(answer.AsSpan(16));
                    socket.Send(answer.AsSpan(0, 16 + length));
                }
            }
        }
        catch (SocketException)
        {
            // The client went away: the benchmark is over.
        }
    }

    internal static void ReceiveExactly(Socket socket, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = socket.Receive(buffer);
            if (n == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            buffer = buffer[n..];
        }
    }
}

/// <summary>A client that sends one Add request at a time and reads its response, without allocating.</summary>
internal sealed class RawAddClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] _request = new byte[24];
    private readonly byte[] _response = new byte[20];
    private uint _callId;

    public RawAddClient(EndPoint server)
    {
        _socket.NoDelay = true;
        _socket.Connect(server);
        _socket.Send("SGRP\u0001\0\0\0"u8);
        RawAddServer.ReceiveExactly(_socket, _response.AsSpan(0, 8));
        _request[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(_request.AsSpan(8), AddCodecs.AddMethodId);
        BinaryPrimitives.WriteInt32BigEndian(_request.AsSpan(12), 8);
    }

    public int Add(int a, int b)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_request.AsSpan(4), ++_callId);
        BinaryPrimitives.WriteInt32BigEndian(_request.AsSpan(16), a);
        BinaryPrimitives.WriteInt32BigEndian(_request.AsSpan(20), b);
        _socket.Send(_request);
        RawAddServer.ReceiveExactly(_socket, _response);
        if (_response[0] != 2 || BinaryPrimitives.ReadUInt32BigEndian(_response.AsSpan(4)) != _callId)
        {
            throw new InvalidOperationException("Unexpected response frame.");
        }

        return BinaryPrimitives.ReadInt32BigEndian(_response.AsSpan(16));
    }

    public void Dispose() => _socket.Dispose();
}
