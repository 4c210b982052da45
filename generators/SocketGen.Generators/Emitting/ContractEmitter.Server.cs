using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Emitting;

internal static partial class ContractEmitter
{
    private static readonly string[] s_dispatchNames = ["reader", "call", "methodId", "_implementation"];

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

        writer.Line("/// <summary>Decodes each call's arguments and runs it on the implementation.</summary>");
        writer.Line($"private sealed class Dispatcher : {RuntimeTypes.RpcDispatcher}");
        writer.Open();
        writer.Line($"private readonly {contract.InterfaceType} _implementation;");
        writer.Line();
        writer.Line($"public Dispatcher({contract.InterfaceType} implementation)");
        writer.Open();
        writer.Line("_implementation = implementation;");
        writer.Close();
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public override string ContractName => \"{contract.ContractName}\";");
        writer.Line();

        var codecs = contract.CodecsType + ".";
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public override {RuntimeTypes.RpcMethodKind} GetMethodKind(uint methodId)");
        writer.Open();
        writer.Line("switch (methodId)");
        writer.Open();
        foreach (var method in contract.Methods)
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
        foreach (var method in contract.Methods)
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
        foreach (var method in contract.Methods)
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
        writer.Close();
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
