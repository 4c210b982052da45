using System.Diagnostics;
using SocketGen.Diagnostics;

namespace SocketGen.Rpc;

/// <summary>Metrics and spans of the calls a connection serves.</summary>
internal sealed partial class IncomingCalls
{
    /// <summary>Counts the call and starts its span; the span is current while the method is dispatched.</summary>
    /// <returns>The activity that was current before, to restore once dispatch returns.</returns>
    private Activity? OnCallStarted(RpcServerCall call, ActivityContext parent)
    {
        string method = _dispatcher.GetMethodName(call.MethodId) ?? "?";
        SocketGenMetrics.RecordServerCallStarted(_dispatcher.ContractName, method);
        call.StartedAt = SocketGenMetrics.StartTimestamp(SocketGenMetrics.ServerCallDuration);
        call.Status = SocketGenMetrics.StatusOk;
        Activity? previous = Activity.Current;
        call.Activity = SocketGenTracing.StartServerCall(_dispatcher.ContractName, method, parent);
        return previous;
    }

    private void OnCallFinished(RpcServerCall call)
    {
        if (call.Status is not { } status)
        {
            // Never started (its frame did not decode): not a call.
            return;
        }

        call.Status = null;
        string method = _dispatcher.GetMethodName(call.MethodId) ?? "?";
        bool ok = ReferenceEquals(status, SocketGenMetrics.StatusOk);
        SocketGenMetrics.RecordServerCallEnded(_dispatcher.ContractName, method, status, call.StartedAt);
        if (call.Activity is { } activity)
        {
            call.Activity = null;
            SocketGenTracing.Stop(activity, ok ? null : status);
        }
    }

    /// <summary>A call refused before dispatch (unknown method, stopping, denied) counts as started and failed.</summary>
    private void OnCallRefused(uint methodId, RpcErrorCode code)
    {
        string method = _dispatcher.GetMethodName(methodId) ?? "?";
        SocketGenMetrics.RecordServerCallStarted(_dispatcher.ContractName, method);
        SocketGenMetrics.RecordServerCallEnded(_dispatcher.ContractName, method, code.ToString(), 0);
    }
}
