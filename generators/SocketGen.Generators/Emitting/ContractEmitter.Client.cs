using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Emitting;

internal static partial class ContractEmitter
{
    private static void WriteClient(SourceWriter writer, ContractSpec contract)
    {
        var client = contract.ClientName;
        writer.Line("/// <summary>");
        writer.Line($"/// Calls a <see cref=\"{contract.InterfaceType}\"/> server over one connection. Calls may run concurrently;");
        writer.Line("/// dispose the client to close the connection.");
        writer.Line("/// </summary>");
        writer.Line(GeneratedCodeAttribute);
        writer.Line($"{contract.Accessibility} sealed partial class {client} : {contract.InterfaceType}, {RuntimeTypes.IAsyncDisposable}");
        writer.Open();
        writer.Line($"private readonly {RuntimeTypes.RpcConnection} _connection;");
        writer.Line($"private readonly {RuntimeTypes.SocketCallOptions}? _callOptions;");
        writer.Line();
        writer.Line($"private {client}({RuntimeTypes.RpcConnection} connection, {RuntimeTypes.SocketCallOptions}? callOptions = null)");
        writer.Open();
        writer.Line("_connection = connection;");
        writer.Line("_callOptions = callOptions;");
        if (Faults(contract).Count > 0)
        {
            writer.Line($"{contract.CodecsType}.RegisterFaults();");
        }

        writer.Close();
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// Connects to a server at <paramref name=\"host\"/>, trying each address the name resolves to");
        writer.Line("/// (Happy Eyeballs), and returns a client for the first connection that succeeds.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"host\">A host name or an IP address literal.</param>");
        writer.Line("/// <param name=\"port\">The server's port.</param>");
        writer.Line("/// <param name=\"options\">Connection and call settings, or <see langword=\"null\"/> for the defaults.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the connect.</param>");
        writer.Line("/// <returns>The connected client.</returns>");
        writer.Line($"public static async {RuntimeTypes.ValueTask}<{client}> ConnectAsync(string host, int port, {RuntimeTypes.SocketClientOptions}? options = null, {RuntimeTypes.CancellationToken} cancellationToken = default)");
        writer.Open();
        writer.Line($"{RuntimeTypes.RpcConnection} connection = await {RuntimeTypes.RpcConnection}.ConnectAsync(host, port, options, cancellationToken).ConfigureAwait(false);");
        writer.Line($"return new {client}(connection);");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// Connects to a server at <paramref name=\"endPoint\"/> (an IP, DNS or Unix domain socket end point)");
        writer.Line("/// and returns a client for the connection.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"endPoint\">Where the server listens.</param>");
        writer.Line("/// <param name=\"options\">Connection and call settings, or <see langword=\"null\"/> for the defaults.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the connect.</param>");
        writer.Line("/// <returns>The connected client.</returns>");
        writer.Line($"public static async {RuntimeTypes.ValueTask}<{client}> ConnectAsync({RuntimeTypes.EndPoint} endPoint, {RuntimeTypes.SocketClientOptions}? options = null, {RuntimeTypes.CancellationToken} cancellationToken = default)");
        writer.Open();
        writer.Line($"{RuntimeTypes.RpcConnection} connection = await {RuntimeTypes.RpcConnection}.ConnectAsync(endPoint, options, cancellationToken).ConfigureAwait(false);");
        writer.Line($"return new {client}(connection);");
        writer.Close();
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// Creates a client that spreads calls over the servers <paramref name=\"balancing\"/> resolves, a connection");
        writer.Line("/// per server, connecting on first use and reconnecting with backoff; idempotent methods are retried on");
        writer.Line("/// another server when a connection fails.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"balancing\">The resolver of the servers' addresses, the balancing policy and the retry settings.</param>");
        writer.Line("/// <param name=\"options\">Connection and call settings for every server, or <see langword=\"null\"/> for the defaults.</param>");
        writer.Line("/// <returns>The client; nothing is connected until the first call.</returns>");
        writer.Line($"public static {client} Connect({RuntimeTypes.BalancingOptions} balancing, {RuntimeTypes.SocketClientOptions}? options = null)");
        writer.Open();
        writer.Line($"return new {client}({RuntimeTypes.RpcConnection}.Balance(balancing, options, {contract.CodecsType}.Contract));");
        writer.Close();

        if (contract.Callbacks is { } callbacks)
        {
            WriteCallbackConnects(writer, client, callbacks);
        }

        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// A view of this client whose calls carry <paramref name=\"options\"/>: their own deadline and metadata.");
        writer.Line("/// It shares this client's connection; disposing either closes it.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"options\">The deadline and metadata of every call made through the view.</param>");
        writer.Line("/// <returns>The view.</returns>");
        writer.Line($"public {client} WithCallOptions({RuntimeTypes.SocketCallOptions} options)");
        writer.Open();
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(options);");
        writer.Line($"return new {client}(_connection, options);");
        writer.Close();

        foreach (var method in contract.Methods)
        {
            writer.Line();
            WriteClientMethod(writer, contract, method, "_connection", passCallOptions: true);
        }

        writer.Line();
        writer.Line("/// <summary>Closes the connection; calls still running fail.</summary>");
        writer.Line("/// <returns>A task that completes when the connection is closed.</returns>");
        writer.Line($"public {RuntimeTypes.ValueTask} DisposeAsync()");
        writer.Open();
        writer.Line("return _connection.DisposeAsync();");
        writer.Close();

        if (contract.Callbacks is { } served)
        {
            writer.Line();
            WriteDispatcher(writer, contract, "CallbacksDispatcher", served.InterfaceType, served.Name, served.Methods, hasCallbacks: false,
                "Decodes each call the server makes to the client's callbacks and runs it on the client's implementation.");
        }

        writer.Close();
    }

    /// <summary>The connect overloads of a client that serves callbacks.</summary>
    private static void WriteCallbackConnects(SourceWriter writer, string client, CallbacksSpec callbacks)
    {
        foreach (var (target, parameters, arguments) in new[]
        {
            ("<paramref name=\"host\"/>, trying each address the name resolves to", "string host, int port", "host, port"),
            ("<paramref name=\"endPoint\"/>", $"{RuntimeTypes.EndPoint} endPoint", "endPoint"),
        })
        {
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line($"/// Connects to a server at {target}, and serves the calls the server makes to");
            writer.Line($"/// <paramref name=\"callbacks\"/> (<see cref=\"{callbacks.InterfaceType}\"/>) for as long as the connection lasts.");
            writer.Line("/// </summary>");
            foreach (var parameter in parameters.Split(',').Select(p => p.Trim().Split(' ')[1]))
            {
                var description = parameter switch
                {
                    "host" => "A host name or an IP address literal.",
                    "port" => "The server's port.",
                    _ => "Where the server listens.",
                };
                writer.Line($"/// <param name=\"{parameter}\">{description}</param>");
            }

            writer.Line("/// <param name=\"callbacks\">The client's implementation of the callbacks; called concurrently, with <see cref=\"global::SocketGen.SocketCallContext.Current\"/> set.</param>");
            writer.Line("/// <param name=\"options\">Connection and call settings, or <see langword=\"null\"/> for the defaults.</param>");
            writer.Line("/// <param name=\"cancellationToken\">Cancels the connect.</param>");
            writer.Line("/// <returns>The connected client.</returns>");
            writer.Line($"public static async {RuntimeTypes.ValueTask}<{client}> ConnectAsync({parameters}, {callbacks.InterfaceType} callbacks, {RuntimeTypes.SocketClientOptions}? options = null, {RuntimeTypes.CancellationToken} cancellationToken = default)");
            writer.Open();
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(callbacks);");
            writer.Line($"{RuntimeTypes.RpcConnection} connection = await {RuntimeTypes.RpcConnection}.ConnectAsync({arguments}, new CallbacksDispatcher(callbacks), options, cancellationToken).ConfigureAwait(false);");
            writer.Line($"return new {client}(connection);");
            writer.Close();
        }
    }

    /// <summary>One method of a client (over <c>_connection</c>) or of a callbacks proxy (over <c>_channel</c>).</summary>
    private static void WriteClientMethod(SourceWriter writer, ContractSpec contract, MethodSpec method, string field, bool passCallOptions)
    {
        var parameters = string.Join(", ", method.Parameters.Select(p => p.DefaultValue is null ? $"{p.Type} {p.Name}" : $"{p.Type} {p.Name} = {p.DefaultValue}"));
        var connection = method.Parameters.Any(p => p.Name == field) ? "this." + field : field;
        var callOptions = method.Parameters.Any(p => p.Name == "_callOptions") ? "this._callOptions" : "_callOptions";
        var codecs = contract.CodecsType + ".";
        var wireParameters = method.WireParameters.Select(p => p.Name).ToList();
        var arguments = wireParameters.Count switch
        {
            0 => "false",
            1 => wireParameters[0],
            _ => "(" + string.Join(", ", wireParameters) + ")",
        };
        var cancellationToken = method.CancellationTokenName ?? RuntimeTypes.CancellationToken + ".None";
        var argumentsType = ArgumentsType(method);
        var stem = FieldPrefix(method);

        string call;
        var lines = new List<string> { codecs + stem + "Id", arguments, codecs + stem + "ArgumentsEncoder" };
        var streamParameter = method.StreamParameter;
        if (streamParameter is not null)
        {
            // The client stream: its items with their encoder, or a byte stream read as chunks.
            lines.Add(streamParameter.Wire is null ? $"{RuntimeTypes.ByteStreams}.ReadChunksAsync({streamParameter.Name})" : streamParameter.Name);
            lines.Add(streamParameter.Wire is null ? RuntimeTypes.ByteStreams + ".ChunkEncoder" : codecs + stem + "ClientItemEncoder");
        }

        var streamItem = method.ByteStreamResult ? RuntimeTypes.ByteChunk : method.Result?.Type;
        var itemDecoder = method.ByteStreamResult ? RuntimeTypes.ByteStreams + ".ChunkDecoder" : codecs + stem + "ItemDecoder";
        switch (method.Kind)
        {
            case CallKind.OneWay:
                call = $"{connection}.SendOneWayAsync<{argumentsType}>(";
                break;
            case CallKind.Stream:
                call = $"{connection}.InvokeStreamAsync<{argumentsType}, {streamItem}>(";
                lines.Add(itemDecoder);
                break;
            case CallKind.DuplexStream:
                call = $"{connection}.InvokeDuplexStreamAsync<{argumentsType}, {ClientItemType(streamParameter!)}, {streamItem}>(";
                lines.Add(itemDecoder);
                break;
            case CallKind.ClientStream when method.Result is null:
                call = $"{connection}.InvokeClientStreamAsync<{argumentsType}, {ClientItemType(streamParameter!)}>(";
                break;
            case CallKind.ClientStream:
                call = $"{connection}.InvokeClientStreamAsync<{argumentsType}, {ClientItemType(streamParameter!)}, {method.Result.Type}>(";
                lines.Add(codecs + stem + "ResultDecoder");
                break;
            default:
                if (method.Result is null)
                {
                    call = $"{connection}.InvokeAsync<{argumentsType}>(";
                }
                else
                {
                    call = $"{connection}.InvokeAsync<{argumentsType}, {method.Result.Type}>(";
                    lines.Add(codecs + stem + "ResultDecoder");
                }

                break;
        }

        if (passCallOptions)
        {
            lines.Add(callOptions);
        }

        lines.Add(cancellationToken);
        if (method.ByteStreamResult)
        {
            // A Stream result opens once the first chunk, the end or the error arrived.
            call = $"{RuntimeTypes.ByteStreams}.OpenAsync({call}";
            lines[lines.Count - 1] += ")";
        }
        var asTask = method.ReturnKind is ReturnKind.Task or ReturnKind.TaskOfT ? ".AsTask()" : "";

        writer.Line("/// <inheritdoc/>");
        writer.Line($"public {method.ReturnType} {method.Name}({parameters})");
        writer.Open();
        writer.Line("return " + call);
        using (writer.Indent())
        {
            for (var i = 0; i < lines.Count; i++)
            {
                writer.Line(i == lines.Count - 1 ? lines[i] + ")" + asTask + ";" : lines[i] + ",");
            }
        }

        writer.Close();
    }
}
