using System.Globalization;
using SocketGen.Generators.Specs;

namespace SocketGen.Generators.Emitting;

internal static partial class ContractEmitter
{
    private static void WriteCodecs(SourceWriter writer, ContractSpec contract)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// The method ids and wire codecs of <see cref=\"{contract.InterfaceType}\"/>, shared by the generated");
        writer.Line("/// client and server. The delegates are cached here so that a call allocates none.");
        writer.Line("/// </summary>");
        writer.Line(GeneratedCodeAttribute);
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        writer.Line($"{contract.CodecsAccessibility} static class {contract.CodecsName}");
        writer.Open();

        WriteContractDescription(writer, contract);

        // The callbacks' methods (calls from the server to the client) share the class with the contract's own.
        var methods = contract.Methods.Concat(contract.Callbacks?.Methods ?? EquatableArray<MethodSpec>.Empty).ToList();
        foreach (var method in methods)
        {
            writer.Line();
            WriteMethodFields(writer, method);
        }

        foreach (var method in methods)
        {
            writer.Line();
            WriteMethodCodecs(writer, method);
        }

        foreach (var type in contract.WireTypes)
        {
            writer.Line();
            WriteTypeCodecs(writer, type);
        }

        WriteFaultCodecs(writer, contract);
        writer.Close();
    }

    /// <summary>Every fault any method declares, once.</summary>
    private static List<WireFaultSpec> Faults(ContractSpec contract)
        => contract.Methods.SelectMany(m => m.Faults).Distinct().ToList();

    private static void WriteFaultCodecs(SourceWriter writer, ContractSpec contract)
    {
        var faults = Faults(contract);
        if (faults.Count == 0)
        {
            return;
        }

        foreach (var fault in faults)
        {
            writer.Line();
            writer.Line($"internal static readonly {RuntimeTypes.WireEncoder}<global::System.Exception> {fault.Codec}FaultEncoder =");
            using (writer.Indent())
            {
                writer.Line($"static (ref {RuntimeTypes.WireWriter} writer, global::System.Exception fault) => Write{fault.Codec}Object(ref writer, ({fault.Type})fault);");
            }
        }

        writer.Line();
        writer.Line("/// <summary>Lets error frames that carry a declared fault's data become that exception on this side.</summary>");
        writer.Line("internal static void RegisterFaults()");
        writer.Open();
        foreach (var fault in faults)
        {
            writer.Line($"global::SocketGen.Serialization.WireFaults.Register(\"{fault.FullName}\", static (ref {RuntimeTypes.WireReader} reader) => Read{fault.Codec}Object(ref reader));");
        }

        writer.Close();
    }

    private static void WriteContractDescription(SourceWriter writer, ContractSpec contract)
    {
        writer.Line("/// <summary>The contract's methods (names, ids, kinds, idempotency), for balancing, retries, interceptors and servers of several contracts.</summary>");
        writer.Line($"internal static readonly {RuntimeTypes.RpcContractDescription} Contract = new(");
        using (writer.Indent())
        {
            writer.Line($"\"{contract.ContractName}\"" + (contract.Methods.Count == 0 ? ");" : ","));
            for (var i = 0; i < contract.Methods.Count; i++)
            {
                var method = contract.Methods[i];
                var end = i == contract.Methods.Count - 1 ? ");" : ",";
                writer.Line($"new {RuntimeTypes.RpcMethodDescription}(\"{method.Name.TrimStart('@')}\", {FieldPrefix(method)}Id, {RuntimeTypes.RpcMethodKind}.{method.Kind}, {(method.IsIdempotent ? "true" : "false")}){end}");
            }
        }
    }

    private static void WriteMethodFields(SourceWriter writer, MethodSpec method)
    {
        var stem = FieldPrefix(method);
        var word = ResultWord(method);
        writer.Line($"/// <summary>The wire id of <c>{Xml(method.Signature)}</c>.</summary>");
        writer.Line($"internal const uint {stem}Id = {method.Id.ToString(CultureInfo.InvariantCulture)};");
        writer.Line($"internal static readonly {RuntimeTypes.WireEncoder}<{ArgumentsType(method)}> {stem}ArgumentsEncoder = Encode{stem}Arguments;");
        if (method.Result is not null)
        {
            writer.Line($"internal static readonly {RuntimeTypes.WireEncoder}<{method.Result.Type}> {stem}{word}Encoder = Encode{stem}{word};");
            writer.Line($"internal static readonly {RuntimeTypes.WireDecoder}<{method.Result.Type}> {stem}{word}Decoder = Decode{stem}{word};");
        }

        if (method.StreamParameter is { Wire: { } item })
        {
            writer.Line($"internal static readonly {RuntimeTypes.WireEncoder}<{item.Type}> {stem}ClientItemEncoder = Encode{stem}ClientItem;");
            writer.Line($"internal static readonly {RuntimeTypes.WireDecoder}<{item.Type}> {stem}ClientItemDecoder = Decode{stem}ClientItem;");
        }
    }

    private static void WriteMethodCodecs(SourceWriter writer, MethodSpec method)
    {
        var stem = FieldPrefix(method);
        var parameters = method.WireParameters.ToList();
        writer.Line($"private static void Encode{stem}Arguments(ref {RuntimeTypes.WireWriter} writer, {ArgumentsType(method)} arguments)");
        writer.Open();
        if (parameters.Count == 0)
        {
            writer.Line("// The method takes no arguments: nothing to write.");
        }
        else if (parameters.Count == 1)
        {
            writer.Line(WireExpressions.Write(parameters[0].Wire!, "arguments", ""));
        }
        else
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                writer.Line(WireExpressions.Write(parameters[i].Wire!, "arguments.Item" + (i + 1).ToString(CultureInfo.InvariantCulture), ""));
            }
        }

        writer.Close();

        if (method.Result is { } result)
        {
            var word = ResultWord(method);
            writer.Line();
            writer.Line($"private static void Encode{stem}{word}(ref {RuntimeTypes.WireWriter} writer, {result.Type} value)");
            writer.Open();
            writer.Line(WireExpressions.Write(result, "value", ""));
            writer.Close();
            writer.Line();
            writer.Line($"private static {result.Type} Decode{stem}{word}(ref {RuntimeTypes.WireReader} reader)");
            writer.Open();
            writer.Line("return " + WireExpressions.Read(result, "") + ";");
            writer.Close();
        }

        if (method.StreamParameter is { Wire: { } item })
        {
            writer.Line();
            writer.Line($"private static void Encode{stem}ClientItem(ref {RuntimeTypes.WireWriter} writer, {item.Type} value)");
            writer.Open();
            writer.Line(WireExpressions.Write(item, "value", ""));
            writer.Close();
            writer.Line();
            writer.Line($"private static {item.Type} Decode{stem}ClientItem(ref {RuntimeTypes.WireReader} reader)");
            writer.Open();
            writer.Line("return " + WireExpressions.Read(item, "") + ";");
            writer.Close();
        }
    }

    private static void WriteTypeCodecs(SourceWriter writer, WireTypeSpec type)
    {
        writer.Line($"internal static void Write{type.Codec}(ref {RuntimeTypes.WireWriter} writer, {type.Type} value)");
        writer.Open();
        if (type.Kind == WireKind.Nullable)
        {
            writer.Line("writer.WriteHasValue(value.HasValue);");
            writer.Line("if (value.HasValue)");
            writer.Open();
            writer.Line(WireExpressions.Write(type.Element!, "value.GetValueOrDefault()", ""));
            writer.Close();
        }
        else
        {
            if (type.IsReferenceType)
            {
                writer.Line("writer.WriteHasValue(value is not null);");
                writer.Line("if (value is null)");
                writer.Open();
                writer.Line("return;");
                writer.Close();
                writer.Line();
            }

            if (type.HasObjectMethods)
            {
                writer.Line($"Write{type.Codec}Object(ref writer, value);");
            }
            else
            {
                WriteTypeBody(writer, type);
            }
        }

        writer.Close();
        writer.Line();

        writer.Line($"internal static {type.Type} Read{type.Codec}(ref {RuntimeTypes.WireReader} reader)");
        writer.Open();
        if (type.Kind == WireKind.Nullable || type.IsReferenceType)
        {
            writer.Line("if (!reader.ReadHasValue())");
            writer.Open();
            writer.Line("return null;");
            writer.Close();
            writer.Line();
        }

        if (type.HasObjectMethods)
        {
            writer.Line($"return Read{type.Codec}Object(ref reader);");
        }
        else
        {
            ReadTypeBody(writer, type);
        }

        writer.Close();
        if (type.HasObjectMethods)
        {
            WriteObjectMethods(writer, type);
        }
    }

    /// <summary>
    /// An object's codec without the presence byte, for a type declared with [WireDerived]: its base type's codec
    /// writes the presence byte and the tag, then calls these.
    /// </summary>
    private static void WriteObjectMethods(SourceWriter writer, WireTypeSpec type)
    {
        writer.Line();
        writer.Line($"internal static void Write{type.Codec}Object(ref {RuntimeTypes.WireWriter} writer, {type.Creation} value)");
        writer.Open();
        WriteObjectFields(writer, type);
        writer.Close();
        writer.Line();
        writer.Line($"internal static {type.Creation} Read{type.Codec}Object(ref {RuntimeTypes.WireReader} reader)");
        writer.Open();
        ReadObjectBody(writer, type);
        writer.Close();
    }

    private static void WritePolymorphicBody(SourceWriter writer, WireTypeSpec type)
    {
        // The exact runtime type picks the tag: a type derived from a declared one but not declared itself is
        // refused, not written as its ancestor with its own data dropped.
        writer.Line("global::System.Type valueType = value.GetType();");
        foreach (var derived in type.Derived)
        {
            writer.Line($"if (valueType == typeof({derived.Type}))");
            writer.Open();
            writer.Line($"writer.WriteInt32({derived.Tag.ToString(CultureInfo.InvariantCulture)});");
            writer.Line($"Write{derived.Codec}Object(ref writer, ({derived.Type})value);");
            writer.Line("return;");
            writer.Close();
            writer.Line();
        }

        if (type.IsConcreteBase)
        {
            writer.Line($"if (valueType == typeof({type.Creation}))");
            writer.Open();
            writer.Line("writer.WriteInt32(0);");
            WriteObjectFields(writer, type);
            writer.Line("return;");
            writer.Close();
            writer.Line();
        }

        writer.Line($"throw {RuntimeTypes.WireWriter}.UndeclaredDerivedType(\"{type.Creation.Replace("global::", "")}\", valueType);");
    }

    private static void ReadPolymorphicBody(SourceWriter writer, WireTypeSpec type)
    {
        writer.Line("int wireTag = reader.ReadInt32();");
        writer.Line("switch (wireTag)");
        writer.Open();
        foreach (var derived in type.Derived)
        {
            writer.Line($"case {derived.Tag.ToString(CultureInfo.InvariantCulture)}:");
            using (writer.Indent())
            {
                writer.Line($"return Read{derived.Codec}Object(ref reader);");
            }
        }

        if (type.IsConcreteBase)
        {
            writer.Line("case 0:");
            writer.Open();
            ReadObjectBody(writer, type);
            writer.Close();
        }

        writer.Line("default:");
        using (writer.Indent())
        {
            writer.Line($"throw {RuntimeTypes.WireReader}.UnknownDerivedTag(\"{type.Creation.Replace("global::", "")}\", wireTag);");
        }

        writer.Close();
    }

    private static void WriteTypeBody(SourceWriter writer, WireTypeSpec type)
    {
        switch (type.Kind)
        {
            case WireKind.Array:
            case WireKind.List:
                writer.Line(type.Kind == WireKind.Array ? "writer.WriteCount(value.Length);" : "writer.WriteCount(value.Count);");
                writer.Line($"foreach ({type.Element!.Type} item in value)");
                writer.Open();
                writer.Line(WireExpressions.Write(type.Element, "item", ""));
                writer.Close();
                break;
            case WireKind.ReadOnlyList:
                writer.Line("writer.WriteCount(value.Count);");
                writer.Line("for (int i = 0; i < value.Count; i++)");
                writer.Open();
                writer.Line(WireExpressions.Write(type.Element!, "value[i]", ""));
                writer.Close();
                break;
            case WireKind.ImmutableArray:
                // Written exactly as an array, so the two can replace each other: a default ImmutableArray (no
                // array behind it) is the absent one.
                writer.Line("writer.WriteHasValue(!value.IsDefault);");
                writer.Line("if (value.IsDefault)");
                writer.Open();
                writer.Line("return;");
                writer.Close();
                writer.Line();
                WriteItems(writer, type.Element!, "value.Length", "value.AsSpan()");
                break;
            case WireKind.Set:
                WriteItems(writer, type.Element!, "value.Count", "value");
                break;
            case WireKind.Sequence:
                // The count goes first, so a sequence that is not a collection is enumerated once, into an array.
                writer.Line($"global::System.Collections.Generic.IReadOnlyCollection<{type.Element!.Type}> items = value as global::System.Collections.Generic.IReadOnlyCollection<{type.Element.Type}> ?? global::System.Linq.Enumerable.ToArray(value);");
                WriteItems(writer, type.Element, "items.Count", "items");
                break;
            case WireKind.Dictionary:
                writer.Line("writer.WriteCount(value.Count);");
                writer.Line($"foreach (global::System.Collections.Generic.KeyValuePair<{type.Key!.Type}, {type.Element!.Type}> pair in value)");
                writer.Open();
                writer.Line(WireExpressions.Write(type.Key, "pair.Key", ""));
                writer.Line(WireExpressions.Write(type.Element, "pair.Value", ""));
                writer.Close();
                break;
            case WireKind.Polymorphic:
                WritePolymorphicBody(writer, type);
                break;
            default:
                WriteObjectFields(writer, type);
                break;
        }
    }

    private static void WriteObjectFields(SourceWriter writer, WireTypeSpec type)
    {
        writer.Line($"{RuntimeTypes.WireObjectToken} token = writer.BeginObject({type.Fields.Count.ToString(CultureInfo.InvariantCulture)});");
        foreach (var field in type.Fields)
        {
            writer.Line(WireExpressions.Write(field.Write, "value." + field.PropertyName, ""));
        }

        writer.Line("writer.EndObject(token);");
    }

    private static void WriteItems(SourceWriter writer, WireValueSpec element, string count, string items)
    {
        writer.Line($"writer.WriteCount({count});");
        writer.Line($"foreach ({element.Type} item in {items})");
        writer.Open();
        writer.Line(WireExpressions.Write(element, "item", ""));
        writer.Close();
    }

    private static void ReadTypeBody(SourceWriter writer, WireTypeSpec type)
    {
        switch (type.Kind)
        {
            case WireKind.Nullable:
                writer.Line("return " + WireExpressions.Read(type.Element!, "") + ";");
                break;
            case WireKind.Array:
            case WireKind.ReadOnlyList:
            case WireKind.Sequence:
                ReadArray(writer, type);
                writer.Line("return array;");
                break;
            case WireKind.ImmutableArray:
                writer.Line("if (!reader.ReadHasValue())");
                writer.Open();
                writer.Line("return default;");
                writer.Close();
                writer.Line();
                ReadArray(writer, type);
                writer.Line("return global::System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(array);");
                break;
            case WireKind.Set:
                writer.Line("int count = reader.ReadCount();");
                writer.Line($"var set = new {type.Creation}(count);");
                writer.Line("for (int i = 0; i < count; i++)");
                writer.Open();
                writer.Line($"{RuntimeTypes.WireReader}.AddElement(set, {WireExpressions.Read(type.Element!, "")});");
                writer.Close();
                writer.Line();
                writer.Line("return set;");
                break;
            case WireKind.List:
                writer.Line("int count = reader.ReadCount();");
                writer.Line($"var list = new {type.Creation}(count);");
                writer.Line("for (int i = 0; i < count; i++)");
                writer.Open();
                writer.Line("list.Add(" + WireExpressions.Read(type.Element!, "") + ");");
                writer.Close();
                writer.Line();
                writer.Line("return list;");
                break;
            case WireKind.Dictionary:
                writer.Line("int count = reader.ReadCount();");
                writer.Line($"var dictionary = new {type.Creation}(count);");
                writer.Line("for (int i = 0; i < count; i++)");
                writer.Open();
                writer.Line($"{type.Key!.Type} key = {WireExpressions.Read(type.Key, "")};");
                writer.Line($"{type.Element!.Type} item = {WireExpressions.Read(type.Element, "")};");
                writer.Line($"{RuntimeTypes.WireReader}.AddEntry(dictionary, key, item);");
                writer.Close();
                writer.Line();
                writer.Line("return dictionary;");
                break;
            case WireKind.Polymorphic:
                ReadPolymorphicBody(writer, type);
                break;
            default:
                ReadObjectBody(writer, type);
                break;
        }
    }

    private static void ReadArray(SourceWriter writer, WireTypeSpec type)
    {
        writer.Line("int count = reader.ReadCount();");
        writer.Line($"{type.Element!.Type}[] array = {string.Format(CultureInfo.InvariantCulture, type.Creation, "count")};");
        writer.Line("for (int i = 0; i < count; i++)");
        writer.Open();
        writer.Line("array[i] = " + WireExpressions.Read(type.Element, "") + ";");
        writer.Close();
        writer.Line();
    }

    private static void ReadObjectBody(SourceWriter writer, WireTypeSpec type)
    {
        // A sender built from an older contract may send fewer fields; the missing ones keep their default.
        writer.Line($"{RuntimeTypes.WireObjectScope} scope = reader.BeginObject(out int fieldCount);");
        for (var i = 0; i < type.Fields.Count; i++)
        {
            var field = type.Fields[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            writer.Line($"{field.Read.Type} {field.LocalName} = fieldCount > {index} ? {WireExpressions.Read(field.Read, "")} : {WireExpressions.Default(field.Read)};");
        }

        writer.Line("reader.EndObject(scope);");
        var constructorArguments = type.Fields.Where(f => f.ConstructorPosition >= 0).OrderBy(f => f.ConstructorPosition).Select(f => f.LocalName);
        var initialized = type.Fields.Where(f => f.InInitializer).ToList();
        var creation = $"new {type.Creation}({string.Join(", ", constructorArguments)})";
        if (type.Kind == WireKind.Tuple)
        {
            // ValueTuple's constructor only stores its arguments: there is no application code to refuse them.
            writer.Line($"return {creation};");
            return;
        }


        // The type's constructor and init accessors are the application's code: what they throw on the values
        // read is a malformed payload, so the method is never called and the server does not blame it.
        writer.Line("try");
        writer.Open();
        if (initialized.Count == 0)
        {
            writer.Line($"return {creation};");
        }
        else
        {
            writer.Line("return " + creation);
            writer.Open();
            foreach (var field in initialized)
            {
                writer.Line($"{field.PropertyName} = {field.LocalName},");
            }

            writer.Close(";");
        }

        writer.Close();
        writer.Line("catch (global::System.Exception refusal)");
        writer.Open();
        writer.Line($"throw {RuntimeTypes.WireReader}.ValueRefused(\"{type.Creation.Replace("global::", "")}\", refusal);");
        writer.Close();
    }
}
