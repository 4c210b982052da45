using System.Diagnostics;

namespace SocketGen.Diagnostics;

/// <summary>
/// The call spans: one per call on the client (kind Client) and one on the server (kind Server), linked by the
/// trace context the request frame carries. Nothing is created when no listener samples the source.
/// </summary>
internal static class SocketGenTracing
{
    public static readonly ActivitySource Source = new(SocketGenDiagnostics.ActivitySourceName, typeof(SocketGenTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a client call span without making it current for the caller (the call's result completes it
    /// elsewhere); null when nobody listens.
    /// </summary>
    public static Activity? StartClientCall(uint methodId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? previous = Activity.Current;
        Activity? activity = Source.StartActivity("SocketGen call", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "socketgen");
            activity.SetTag(SocketGenMetrics.MethodIdTag, methodId);
            Activity.Current = previous;
        }

        return activity;
    }

    /// <summary>Starts the server span of a call, as a child of the client's span when the frame carried its context.</summary>
    public static Activity? StartServerCall(string service, string method, ActivityContext parent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity = Source.StartActivity(service + "/" + method, ActivityKind.Server, parent);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "socketgen");
            activity.SetTag(SocketGenMetrics.ServiceTag, service);
            activity.SetTag(SocketGenMetrics.MethodTag, method);
        }

        return activity;
    }

    /// <summary>Ends a span with its status, leaving the stopping thread's current activity as it was.</summary>
    public static void Stop(Activity activity, string? error)
    {
        Activity? current = Activity.Current;
        activity.SetTag(SocketGenMetrics.StatusTag, error ?? SocketGenMetrics.StatusOk);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }

        activity.Stop();
        Activity.Current = current;
    }
}
