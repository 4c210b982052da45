using System.Runtime.CompilerServices;
using SocketGen.Rpc;
using SocketGen.Serialization;
using SocketGen.Tests.Serialization;

namespace SocketGen.Tests.Rpc;

// A contract and the code the generator would emit for it, written by hand in the shape that
// docs/internals/generated-code-api.md describes, so the engine is tested exactly as generated code uses it.

public enum Color : short
{
    Red = 1,
    Green = 2,
    Blue = -3,
}

public interface ICalculator
{
    ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    Task<string?> EchoAsync(string? text, CancellationToken cancellationToken = default);

    Task<int> DelayAsync(int milliseconds, int value, CancellationToken cancellationToken = default);

    Task FailAsync(string message, CancellationToken cancellationToken = default);

    Task NotifyAsync(int value);

    IAsyncEnumerable<int> CountAsync(int count, CancellationToken cancellationToken = default);

    Task<AllTypes?> RoundTripAsync(AllTypes? value, CancellationToken cancellationToken = default);

    Task<byte[]?> EchoBytesAsync(byte[]? value, CancellationToken cancellationToken = default);

    Task<int> WaitForGateAsync(int value, CancellationToken cancellationToken = default);
}

public static class CalculatorMethods
{
    public const uint Add = 1;
    public const uint Echo = 2;
    public const uint Delay = 3;
    public const uint Fail = 4;
    public const uint Notify = 5;
    public const uint Count = 6;
    public const uint RoundTrip = 7;
    public const uint EchoBytes = 8;
    public const uint WaitForGate = 9;

    /// <summary>
    /// The contract's description, as the generator writes it (XCodecs.Contract). Add, Echo and Count are
    /// idempotent; Delay is not, so the balancing tests can tell which calls may be retried.
    /// </summary>
    public static readonly RpcContractDescription Contract = new(
        "ICalculator",
        new RpcMethodDescription("AddAsync", Add, RpcMethodKind.Unary, true),
        new RpcMethodDescription("EchoAsync", Echo, RpcMethodKind.Unary, true),
        new RpcMethodDescription("DelayAsync", Delay, RpcMethodKind.Unary, false),
        new RpcMethodDescription("FailAsync", Fail, RpcMethodKind.Unary, false),
        new RpcMethodDescription("NotifyAsync", Notify, RpcMethodKind.OneWay, false),
        new RpcMethodDescription("CountAsync", Count, RpcMethodKind.Stream, true),
        new RpcMethodDescription("RoundTripAsync", RoundTrip, RpcMethodKind.Unary, true),
        new RpcMethodDescription("EchoBytesAsync", EchoBytes, RpcMethodKind.Unary, true),
        new RpcMethodDescription("WaitForGateAsync", WaitForGate, RpcMethodKind.Unary, false));
}

/// <summary>The generated client: each method forwards to the engine with cached codecs.</summary>
public sealed class CalculatorClient : ICalculator, IAsyncDisposable
{
    private static readonly WireEncoder<(int, int)> s_encodeInt32Int32 = static (ref WireWriter writer, (int, int) args) =>
    {
        writer.WriteInt32(args.Item1);
        writer.WriteInt32(args.Item2);
    };

    private static readonly WireEncoder<int> s_encodeInt32 = static (ref WireWriter writer, int value) => writer.WriteInt32(value);
    private static readonly WireEncoder<string?> s_encodeString = static (ref WireWriter writer, string? value) => writer.WriteString(value);
    private static readonly WireEncoder<byte[]?> s_encodeByteArray = static (ref WireWriter writer, byte[]? value) => writer.WriteByteArray(value);
    private static readonly WireEncoder<AllTypes?> s_encodeAllTypes = AllTypesCodec.Encode;
    private static readonly WireDecoder<int> s_decodeInt32 = static (ref WireReader reader) => reader.ReadInt32();
    private static readonly WireDecoder<string?> s_decodeString = static (ref WireReader reader) => reader.ReadString();
    private static readonly WireDecoder<byte[]?> s_decodeByteArray = static (ref WireReader reader) => reader.ReadByteArray();
    private static readonly WireDecoder<AllTypes?> s_decodeAllTypes = AllTypesCodec.Decode;

    public CalculatorClient(RpcConnection connection) => Connection = connection;

    public RpcConnection Connection { get; }

    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(CalculatorMethods.Add, (a, b), s_encodeInt32Int32, s_decodeInt32, cancellationToken);

    public Task<string?> EchoAsync(string? text, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(CalculatorMethods.Echo, text, s_encodeString, s_decodeString, cancellationToken).AsTask();

    public Task<int> DelayAsync(int milliseconds, int value, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(CalculatorMethods.Delay, (milliseconds, value), s_encodeInt32Int32, s_decodeInt32, cancellationToken).AsTask();

    public Task FailAsync(string message, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(CalculatorMethods.Fail, message, s_encodeString, cancellationToken).AsTask();

    public Task NotifyAsync(int value) =>
        Connection.SendOneWayAsync(CalculatorMethods.Notify, value, s_encodeInt32, CancellationToken.None).AsTask();

    public IAsyncEnumerable<int> CountAsync(int count, CancellationToken cancellationToken = default) =>
        Connection.InvokeStreamAsync(CalculatorMethods.Count, count, s_encodeInt32, s_decodeInt32, cancellationToken);

    public Task<AllTypes?> RoundTripAsync(AllTypes? value, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(CalculatorMethods.RoundTrip, value, s_encodeAllTypes, s_decodeAllTypes, cancellationToken).AsTask();

    public Task<byte[]?> EchoBytesAsync(byte[]? value, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(CalculatorMethods.EchoBytes, value, s_encodeByteArray, s_decodeByteArray, cancellationToken).AsTask();

    public Task<int> WaitForGateAsync(int value, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(CalculatorMethods.WaitForGate, value, s_encodeInt32, s_decodeInt32, cancellationToken).AsTask();

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>The generated dispatcher: reads arguments synchronously, starts the method, hands its task to the call.</summary>
public sealed class CalculatorDispatcher : RpcDispatcher
{
    private static readonly WireEncoder<int> s_encodeInt32 = static (ref WireWriter writer, int value) => writer.WriteInt32(value);
    private static readonly WireEncoder<string?> s_encodeString = static (ref WireWriter writer, string? value) => writer.WriteString(value);
    private static readonly WireEncoder<byte[]?> s_encodeByteArray = static (ref WireWriter writer, byte[]? value) => writer.WriteByteArray(value);
    private static readonly WireEncoder<AllTypes?> s_encodeAllTypes = AllTypesCodec.Encode;

    private readonly ICalculator _implementation;

    public CalculatorDispatcher(ICalculator implementation) => _implementation = implementation;

    public override string ContractName => "ICalculator";

    public override RpcContractDescription Contract => CalculatorMethods.Contract;

    public override RpcMethodKind GetMethodKind(uint methodId) => methodId switch
    {
        CalculatorMethods.Add or CalculatorMethods.Echo or CalculatorMethods.Delay or CalculatorMethods.Fail
            or CalculatorMethods.RoundTrip or CalculatorMethods.EchoBytes or CalculatorMethods.WaitForGate => RpcMethodKind.Unary,
        CalculatorMethods.Notify => RpcMethodKind.OneWay,
        CalculatorMethods.Count => RpcMethodKind.Stream,
        _ => RpcMethodKind.Unknown,
    };

    public override string? GetMethodName(uint methodId) => methodId switch
    {
        CalculatorMethods.Add => "AddAsync",
        CalculatorMethods.Echo => "EchoAsync",
        CalculatorMethods.Delay => "DelayAsync",
        CalculatorMethods.Fail => "FailAsync",
        CalculatorMethods.Notify => "NotifyAsync",
        CalculatorMethods.Count => "CountAsync",
        CalculatorMethods.RoundTrip => "RoundTripAsync",
        CalculatorMethods.EchoBytes => "EchoBytesAsync",
        CalculatorMethods.WaitForGate => "WaitForGateAsync",
        _ => null,
    };

    public override ValueTask DispatchAsync(uint methodId, ref WireReader args, RpcServerCall call)
    {
        switch (methodId)
        {
            case CalculatorMethods.Add:
            {
                int a = args.ReadInt32();
                int b = args.ReadInt32();
                return call.CompleteAsync(_implementation.AddAsync(a, b, call.CancellationToken), s_encodeInt32);
            }

            case CalculatorMethods.Echo:
            {
                string? text = args.ReadString();
                return call.CompleteAsync(new ValueTask<string?>(_implementation.EchoAsync(text, call.CancellationToken)), s_encodeString);
            }

            case CalculatorMethods.Delay:
            {
                int milliseconds = args.ReadInt32();
                int value = args.ReadInt32();
                return call.CompleteAsync(new ValueTask<int>(_implementation.DelayAsync(milliseconds, value, call.CancellationToken)), s_encodeInt32);
            }

            case CalculatorMethods.Fail:
            {
                string message = args.ReadString()!;
                return call.CompleteAsync(new ValueTask(_implementation.FailAsync(message, call.CancellationToken)));
            }

            case CalculatorMethods.Notify:
            {
                int value = args.ReadInt32();
                return call.CompleteAsync(new ValueTask(_implementation.NotifyAsync(value)));
            }

            case CalculatorMethods.Count:
            {
                int count = args.ReadInt32();
                return call.CompleteStreamAsync(_implementation.CountAsync(count, call.CancellationToken), s_encodeInt32);
            }

            case CalculatorMethods.RoundTrip:
            {
                AllTypes? value = AllTypesCodec.Decode(ref args);
                return call.CompleteAsync(new ValueTask<AllTypes?>(_implementation.RoundTripAsync(value, call.CancellationToken)), s_encodeAllTypes);
            }

            case CalculatorMethods.EchoBytes:
            {
                byte[]? value = args.ReadByteArray();
                return call.CompleteAsync(new ValueTask<byte[]?>(_implementation.EchoBytesAsync(value, call.CancellationToken)), s_encodeByteArray);
            }

            case CalculatorMethods.WaitForGate:
            {
                int value = args.ReadInt32();
                return call.CompleteAsync(new ValueTask<int>(_implementation.WaitForGateAsync(value, call.CancellationToken)), s_encodeInt32);
            }

            default:
                throw new InvalidOperationException($"No method {methodId}.");
        }
    }
}

/// <summary>The user's implementation, instrumented for the tests.</summary>
public sealed class Calculator : ICalculator
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public List<int> Notifications { get; } = new();

    public SemaphoreSlim NotificationArrived { get; } = new(0);

    public TaskCompletionSource<CancellationToken> CancelledToken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int StreamItemsProduced;

    /// <summary>How many AddAsync calls ran here; the balancing tests count where calls went.</summary>
    public int AddCalls;

    /// <summary>Stream handlers running now (started and not yet ended, cancelled or failed).</summary>
    public int ActiveStreams;

    public int GateWaitersStarted => Volatile.Read(ref _started);

    public bool ThrowSynchronously { get; set; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> _valueGates = new();

    public void OpenGate() => _gate.TrySetResult();

    /// <summary>Releases only the calls waiting with this value.</summary>
    public void OpenGate(int value) => ValueGate(value).TrySetResult();

    private TaskCompletionSource ValueGate(int value) =>
        _valueGates.GetOrAdd(value, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref AddCalls);
        if (ThrowSynchronously)
        {
            throw new ArgumentException("thrown before any await");
        }

        return new ValueTask<int>(unchecked(a + b));
    }

    public Task<string?> EchoAsync(string? text, CancellationToken cancellationToken = default) => Task.FromResult(text);

    public async Task<int> DelayAsync(int milliseconds, int value, CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.Delay(milliseconds, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            CancelledToken.TrySetResult(cancellationToken);
            throw;
        }

        return value;
    }

    public async Task FailAsync(string message, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task NotifyAsync(int value)
    {
        lock (Notifications)
        {
            Notifications.Add(value);
        }

        NotificationArrived.Release();
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<int> CountAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref ActiveStreams);
        try
        {
            for (int i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref StreamItemsProduced);
                yield return i;
                await Task.Yield();
            }
        }
        finally
        {
            Interlocked.Decrement(ref ActiveStreams);
        }
    }

    public Task<AllTypes?> RoundTripAsync(AllTypes? value, CancellationToken cancellationToken = default) => Task.FromResult(value);

    public Task<byte[]?> EchoBytesAsync(byte[]? value, CancellationToken cancellationToken = default) => Task.FromResult(value);

    public async Task<int> WaitForGateAsync(int value, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _started);
        await Task.WhenAny(_gate.Task, ValueGate(value).Task).Unwrap().WaitAsync(cancellationToken);
        return value;
    }
}
