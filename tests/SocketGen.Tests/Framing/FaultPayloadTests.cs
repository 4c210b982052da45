using SocketGen.Framing;
using SocketGen.Rpc;
using SocketGen.Serialization;

namespace SocketGen.Tests.Framing;

/// <summary>The fault data after an error payload's fields (wire-format §5.3), as old and new readers see it.</summary>
public class FaultPayloadTests
{
    private static readonly WireEncoder<Exception> s_writeQuota = static (ref WireWriter writer, Exception fault) =>
    {
        WireObjectToken token = writer.BeginObject(1);
        writer.WriteInt32(((QuotaException)fault).Limit);
        writer.EndObject(token);
    };

    [Fact]
    public void A_reader_that_does_not_know_the_fault_reads_the_same_fields_and_reports_a_remote_exception()
    {
        byte[] payload = Payload(typeof(QuotaException).FullName!);

        // What a 1.1 client does: read the four fields, ignore what follows.
        var reader = new WireReader(payload);
        ErrorPayload.Read(ref reader, out RpcErrorCode code, out string typeName, out string message, out string? stackTrace);
        var error = Assert.IsType<RemoteException>(ErrorPayload.ToException(code, typeName, message, stackTrace));

        Assert.Equal(typeof(QuotaException).FullName, error.RemoteTypeName);
        Assert.Equal("generic", error.Message);
        Assert.True(reader.BytesRemaining > 0);
    }

    [Fact]
    public void A_registered_fault_is_rebuilt_from_its_data_and_an_unregistered_type_name_stays_remote()
    {
        WireFaults.Register(typeof(QuotaException).FullName!, static (ref WireReader reader) =>
        {
            WireObjectScope scope = reader.BeginObject(out int fieldCount);
            int limit = fieldCount > 0 ? reader.ReadInt32() : 0;
            reader.EndObject(scope);
            return new QuotaException(limit);
        });

        var known = new WireReader(Payload(typeof(QuotaException).FullName!));
        Assert.Equal(7, Assert.IsType<QuotaException>(ErrorPayload.ToCallException(ref known)).Limit);

        var unknown = new WireReader(Payload("Elsewhere.QuotaException"));
        Assert.IsType<RemoteException>(ErrorPayload.ToCallException(ref unknown));
    }

    [Fact]
    public void Fault_data_cut_short_fails_the_call_as_a_protocol_violation()
    {
        WireFaults.Register(typeof(TruncatedException).FullName!, static (ref WireReader reader) =>
        {
            WireObjectScope scope = reader.BeginObject(out _);
            reader.EndObject(scope);
            return new TruncatedException();
        });
        byte[] payload = Payload(typeof(TruncatedException).FullName!);
        var reader = new WireReader(payload.AsSpan(0, payload.Length - 2));

        Assert.IsType<ProtocolViolationException>(ErrorPayload.ToCallException(ref reader));
    }

    private static byte[] Payload(string typeName)
    {
        var buffer = new WireBuffer();
        var writer = new WireWriter(buffer);
        ErrorPayload.Write(ref writer, RpcErrorCode.ApplicationError, typeName, "generic", null);
        Assert.True(ErrorPayload.TryWriteFault(ref writer, buffer, s_writeQuota, new QuotaException(7)));
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class QuotaException(int limit) : Exception("over quota")
    {
        public int Limit { get; } = limit;
    }

    private sealed class TruncatedException : Exception;
}
