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

        var first = true;
        foreach (var method in contract.Methods)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            WriteMethodFields(writer, method);
        }

        foreach (var method in contract.Methods)
        {
            writer.Line();
            WriteMethodCodecs(writer, method);
        }

        foreach (var type in contract.WireTypes)
        {
            writer.Line();
            WriteTypeCodecs(writer, type);
        }

        writer.Close();
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

            WriteTypeBody(writer, type);
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

        ReadTypeBody(writer, type);
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
            case WireKind.Dictionary:
                writer.Line("writer.WriteCount(value.Count);");
                writer.Line($"foreach (global::System.Collections.Generic.KeyValuePair<{type.Key!.Type}, {type.Element!.Type}> pair in value)");
                writer.Open();
                writer.Line(WireExpressions.Write(type.Key, "pair.Key", ""));
                writer.Line(WireExpressions.Write(type.Element, "pair.Value", ""));
                writer.Close();
                break;
            default:
                writer.Line($"{RuntimeTypes.WireObjectToken} token = writer.BeginObject({type.Fields.Count.ToString(CultureInfo.InvariantCulture)});");
                foreach (var field in type.Fields)
                {
                    writer.Line(WireExpressions.Write(field.Write, "value." + field.PropertyName, ""));
                }

                writer.Line("writer.EndObject(token);");
                break;
        }
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
                writer.Line("int count = reader.ReadCount();");
                writer.Line($"{type.Element!.Type}[] array = {string.Format(CultureInfo.InvariantCulture, type.Creation, "count")};");
                writer.Line("for (int i = 0; i < count; i++)");
                writer.Open();
                writer.Line("array[i] = " + WireExpressions.Read(type.Element, "") + ";");
                writer.Close();
                writer.Line();
                writer.Line("return array;");
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
            default:
                ReadObjectBody(writer, type);
                break;
        }
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
