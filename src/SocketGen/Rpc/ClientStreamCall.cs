using SocketGen.Serialization;

namespace SocketGen.Rpc;

/// <summary>
/// The client side of a call that sends a client stream and gets one result (wire 1.2): the result, or the
/// error, ends the call and stops the pump sending the stream.
/// </summary>
internal sealed class ClientStreamCall<TResult> : PendingCall
{
    private readonly TaskCompletionSource<TResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WireDecoder<TResult>? _decoder;

    public ClientStreamCall(WireDecoder<TResult>? decoder)
    {
        _decoder = decoder;
    }

    public Task<TResult> Result => _result.Task;

    public override void OnResponse(ref WireReader reader)
    {
        EndSending();
        TResult value;
        try
        {
            value = _decoder is null ? default! : _decoder(ref reader);
        }
        catch (Exception ex)
        {
            Exception error = ex as ProtocolViolationException ?? new ProtocolViolationException("The response did not decode: " + ex.Message, ex);
            EndActivity(error);
            _result.TrySetException(error);
            throw error;
        }

        EndActivity(null);
        _result.TrySetResult(value);
    }

    public override void OnError(Exception error)
    {
        EndSending();
        EndActivity(error);
        _result.TrySetException(error);
    }
}
