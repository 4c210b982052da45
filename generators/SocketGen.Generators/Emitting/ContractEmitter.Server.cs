using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Emitting;

internal static partial class ContractEmitter
{
    private static readonly string[] s_dispatchNames = ["reader", "call", "methodId", "_implementation"];

    /// <summary>Which declared fault a failed method's exception is, so its data goes into the error frame.</summary>
    private static void WriteGetFaultEncoder(SourceWriter writer, ContractSpec contract, string codecs)
    {
        var methods = contract.Methods.Where(m => m.Faults.Count > 0).ToList();
        if (methods.Count == 0)
        {
            return;
        }

        writer.Line("/// <inheritdoc/>");
        writer.Line($"public override {RuntimeTypes.WireEncoder}<global::System.Exception>? GetFaultEncoder(uint methodId, global::System.Type exceptionType)");
        writer.Open();
        writer.Line("switch (methodId)");
        writer.Open();
        foreach (var method in methods)
        {
            writer.Line($"case {codecs}{method.MemberStem}Id:");
            using (writer.Indent())
            {
                foreach (var fault in method.Faults)
                {
                    writer.Line($"if (exceptionType == typeof({fault.Type})) return {codecs}{fault.Codec}FaultEncoder;");
                }

                writer.Line("return null;");
            }
        }

        writer.Line("default:");
        using (writer.Indent())
        {
            writer.Line("return null;");
        }

        writer.Close();
        writer.Close();
        writer.Line();
    }

    private static void WriteServer(SourceWriter writer, ContractSpec contract)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// Serves a <see cref=\"{contract.InterfaceType}\"/> implementation: every call a client makes runs on it.");
        writer.Line("/// </summary>");
        writer.Line(GeneratedCodeAttribute);
        writer.Line($"{contract.Accessibility} static partial class {contract.ServerName}");
        writer.Open();
        writer.Line("/// <summary>");
        writer.Line("/// Starts listening on <paramref name=\"endPoint\"/> and dispatches every call to <paramref name=\"implementation\"/>.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"implementation\">The object whose methods run the calls; called concurrently.</param>");
        writer.Line("/// <param name=\"endPoint\">Where to listen: an IP end point (port 0 picks a free port) or a Unix domain socket end point.</param>");
        writer.Line("/// <param name=\"options\">Server settings, or <see langword=\"null\"/> for the defaults.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the start.</param>");
        writer.Line("/// <returns>The running server; dispose or stop it to shut it down.</returns>");
        writer.Line($"public static {RuntimeTypes.ValueTask}<{RuntimeTypes.SocketServer}> StartAsync({contract.InterfaceType} implementation, {RuntimeTypes.EndPoint} endPoint, {RuntimeTypes.SocketServerOptions}? options = null, {RuntimeTypes.CancellationToken} cancellationToken = default)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(implementation);");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(endPoint);");
        writer.Line($"return {RuntimeTypes.SocketServer}.StartAsync(new Dispatcher(implementation), endPoint, options, cancellationToken);");
        writer.Close();
        writer.Line();

        if (contract.Callbacks is { } callbacks)
        {
            WriteCallbackAccess(writer, contract, callbacks);
        }

        writer.Line("/// <summary>");
        writer.Line("/// The dispatcher that runs calls on <paramref name=\"implementation\"/>, to serve this contract beside others on one");
        writer.Line($"/// listener (<see cref=\"{RuntimeTypes.SocketServer}.StartAsync(global::System.Collections.Generic.IEnumerable{{global::SocketGen.Rpc.RpcDispatcher}}, {RuntimeTypes.EndPoint}, {RuntimeTypes.SocketServerOptions}, {RuntimeTypes.CancellationToken})\"/>).");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"implementation\">The object whose methods run the calls; called concurrently.</param>");
        writer.Line("/// <returns>The dispatcher.</returns>");
        writer.Line($"public static {RuntimeTypes.RpcDispatcher} CreateDispatcher({contract.InterfaceType} implementation)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(implementation);");
        writer.Line("return new Dispatcher(implementation);");
        writer.Close();
        writer.Line();

        WriteDispatcher(writer, contract, "Dispatcher", contract.InterfaceType, contract.ContractName, contract.Methods, contract.Callbacks is not null,
            "Decodes each call's arguments and runs it on the implementation.");
        writer.Close();
    }

    /// <summary>
    /// A dispatcher: the server's, over the contract, or a client's, over the callbacks it serves. Both run calls
    /// from the other end of the connection the same way.
    /// </summary>
    private static void WriteDispatcher(SourceWriter writer, ContractSpec contract, string className, string interfaceType, string contractName, EquatableArray<MethodSpec> methods, bool hasCallbacks, string summary)
    {
        writer.Line($"/// <summary>{summary}</summary>");
        writer.Line($"private sealed class {className} : {RuntimeTypes.RpcDispatcher}");
        writer.Open();
        writer.Line($"private readonly {interfaceType} _implementation;");
        writer.Line();
        writer.Line($"public {className}({interfaceType} implementation)");
        writer.Open();
        writer.Line("_implementation = implementation;");
        writer.Close();
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public override string ContractName => \"{contractName}\";");
        writer.Line();
        if (hasCallbacks)
        {
            writer.Line("/// <inheritdoc/>");
            writer.Line("public override bool HasCallbacks => true;");
            writer.Line();
        }
        if (interfaceType == contract.InterfaceType)
        {
            // The server's dispatcher describes the contract (for several contracts on one listener and for
            // balancing); a client's callbacks dispatcher serves no contract of its own.
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public override {RuntimeTypes.RpcContractDescription} Contract => {contract.CodecsType}.Contract;");
            writer.Line();
        }

        var codecs = contract.CodecsType + ".";
        WriteGetFaultEncoder(writer, contract, codecs);
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public override {RuntimeTypes.RpcMethodKind} GetMethodKind(uint methodId)");
        writer.Open();
        writer.Line("switch (methodId)");
        writer.Open();
        foreach (var method in methods)
        {
            writer.Line($"case {codecs}{method.MemberStem}Id:");
            using (writer.Indent())
            {
                writer.Line($"return {RuntimeTypes.RpcMethodKind}.{method.Kind};");
            }
        }

        writer.Line("default:");
        using (writer.Indent())
        {
            writer.Line($"return {RuntimeTypes.RpcMethodKind}.Unknown;");
        }

        writer.Close();
        writer.Close();
        writer.Line();

        writer.Line("/// <inheritdoc/>");
        writer.Line("public override string? GetMethodName(uint methodId)");
        writer.Open();
        writer.Line("switch (methodId)");
        writer.Open();
        foreach (var method in methods)
        {
            writer.Line($"case {codecs}{method.MemberStem}Id:");
            using (writer.Indent())
            {
                writer.Line($"return \"{method.Name.TrimStart('@')}\";");
            }
        }

        writer.Line("default:");
        using (writer.Indent())
        {
            writer.Line("return null;");
        }

        writer.Close();
        writer.Close();
        writer.Line();

        writer.Line("/// <inheritdoc/>");
        writer.Line($"public override {RuntimeTypes.ValueTask} DispatchAsync(uint methodId, ref {RuntimeTypes.WireReader} reader, {RuntimeTypes.RpcServerCall} call)");
        writer.Open();
        writer.Line("switch (methodId)");
        writer.Open();
        foreach (var method in methods)
        {
            WriteDispatchCase(writer, method, codecs);
        }

        writer.Line("default:");
        using (writer.Indent())
        {
            writer.Line("throw new global::System.ArgumentOutOfRangeException(nameof(methodId), methodId, \"The contract has no method with this id.\");");
        }

        writer.Close();
        writer.Close();
        writer.Close();
    }

    /// <summary>How a server method reaches clients' callbacks: the caller's, or any connection's, through one proxy per connection.</summary>
    private static void WriteCallbackAccess(SourceWriter writer, ContractSpec contract, CallbacksSpec callbacks)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// The callbacks (<see cref=\"{callbacks.InterfaceType}\"/>) of the client whose call is being served, for use inside a");
        writer.Line("/// method of the implementation. A call to a client that has disconnected fails at once with");
        writer.Line("/// <see cref=\"global::SocketGen.CallNotStartedException\"/>.");
        writer.Line("/// </summary>");
        writer.Line("/// <exception cref=\"global::System.InvalidOperationException\">No call is being served on this flow of execution.</exception>");
        writer.Line($"public static {callbacks.InterfaceType} Caller => GetClient(({RuntimeTypes.SocketCallContext}.Current ?? throw new global::System.InvalidOperationException(\"{contract.ServerName}.Caller is only available while a call is being served.\")).Connection);");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line($"/// The callbacks (<see cref=\"{callbacks.InterfaceType}\"/>) of the client on <paramref name=\"connection\"/>: keep the");
        writer.Line("/// connection (from <see cref=\"global::SocketGen.SocketCallContext.Connection\"/>) to reach its client later. The same");
        writer.Line("/// proxy is returned for a connection every time; calls fail fast once the client is gone");
        writer.Line("/// (<see cref=\"global::SocketGen.SocketConnectionContext.Closed\"/> says when).");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"connection\">A connection of a server for this contract.</param>");
        writer.Line("/// <returns>The client's callbacks.</returns>");
        writer.Line($"public static {callbacks.InterfaceType} GetClient({RuntimeTypes.SocketConnectionContext} connection)");
        writer.Open();
        writer.Line($"return {RuntimeTypes.RpcCallbackChannel}.GetProxy<CallbacksProxy>(connection, \"{contract.ContractName}\", \"{callbacks.Name}\", static channel => new CallbacksProxy(channel));");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Calls one client's callbacks over its connection.</summary>");
        writer.Line($"private sealed class CallbacksProxy : {callbacks.InterfaceType}");
        writer.Open();
        writer.Line($"private readonly {RuntimeTypes.RpcCallbackChannel} _channel;");
        writer.Line();
        writer.Line($"public CallbacksProxy({RuntimeTypes.RpcCallbackChannel} channel)");
        writer.Open();
        writer.Line("_channel = channel;");
        writer.Close();
        foreach (var method in callbacks.Methods)
        {
            writer.Line();
            WriteClientMethod(writer, contract, method, "_channel", passCallOptions: false);
        }

        writer.Close();
        writer.Line();
    }

    private static void WriteDispatchCase(SourceWriter writer, MethodSpec method, string codecs)
    {
        writer.Line($"case {codecs}{method.MemberStem}Id:");
        writer.Open();
        var taken = new HashSet<string>(s_dispatchNames, StringComparer.Ordinal);
        var arguments = new List<string>();
        string? streamLocal = null;
        foreach (var parameter in method.Parameters)
        {
            switch (parameter.Role)
            {
                case ParameterRole.CancellationToken:
                    arguments.Add("call.CancellationToken");
                    continue;
                case ParameterRole.ItemStream or ParameterRole.ByteStream:
                    // Received after the ordinary arguments decoded: receiving grants the client its first credit.
                    streamLocal = Parsing.TypeNames.Unique(parameter.Name, taken);
                    arguments.Add(streamLocal);
                    continue;
            }

            var local = Parsing.TypeNames.Unique(parameter.Name, taken);
            writer.Line($"{parameter.Type} {local} = {WireExpressions.Read(parameter.Wire!, codecs)};");
            arguments.Add(local);
        }

        var stem = FieldPrefix(method);
        if (method.StreamParameter is { } stream)
        {
            var receive = stream.Wire is null
                ? $"{RuntimeTypes.ByteStreams}.ToStream(call.ReceiveStream<{RuntimeTypes.ByteChunk}>({RuntimeTypes.ByteStreams}.ChunkDecoder))"
                : $"call.ReceiveStream<{stream.Wire.Type}>({codecs}{stem}ClientItemDecoder)";
            writer.Line($"{stream.Type} {streamLocal} = {receive};");
        }

        var target = method.DeclaringInterface is null ? "_implementation" : $"(({method.DeclaringInterface})_implementation)";
        var invocation = $"{target}.{method.Name}({string.Join(", ", arguments)})";
        switch (method.Kind)
        {
            case CallKind.Stream or CallKind.DuplexStream when method.ByteStreamResult:
                var download = method.ReturnKind == ReturnKind.TaskOfT ? $"new {RuntimeTypes.ValueTask}<{RuntimeTypes.Stream}>({invocation})" : invocation;
                writer.Line($"return call.CompleteStreamAsync<{RuntimeTypes.ByteMemory}>(");
                using (writer.Indent())
                {
                    writer.Line($"{RuntimeTypes.ByteStreams}.ReadResultChunksAsync({download}),");
                    writer.Line($"{RuntimeTypes.ByteStreams}.ChunkEncoder);");
                }

                break;
            case CallKind.Stream or CallKind.DuplexStream:
                writer.Line($"return call.CompleteStreamAsync<{method.Result!.Type}>(");
                using (writer.Indent())
                {
                    writer.Line(invocation + ",");
                    writer.Line($"{codecs}{stem}ItemEncoder);");
                }

                break;
            case CallKind.Unary or CallKind.ClientStream when method.Result is not null:
                var result = method.ReturnKind == ReturnKind.TaskOfT ? $"new {RuntimeTypes.ValueTask}<{method.Result.Type}>({invocation})" : invocation;
                writer.Line($"return call.CompleteAsync<{method.Result.Type}>(");
                using (writer.Indent())
                {
                    writer.Line(result + ",");
                    writer.Line($"{codecs}{stem}ResultEncoder);");
                }

                break;
            default:
                var completion = method.ReturnKind == ReturnKind.Task ? $"new {RuntimeTypes.ValueTask}({invocation})" : invocation;
                writer.Line($"return call.CompleteAsync({completion});");
                break;
        }

        writer.Close();
    }
}
