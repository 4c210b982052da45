using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace SocketGen.Analyzers.Native;

/// <summary>What kind of socket address a struct is, recognised by name or by shape.</summary>
internal enum SockaddrKind
{
    /// <summary>Not a socket address.</summary>
    None,

    /// <summary>The generic struct sockaddr.</summary>
    Generic,

    /// <summary>struct sockaddr_in: family, port, 4-byte address.</summary>
    IPv4,

    /// <summary>struct sockaddr_in6: family, port, flow info, 16-byte address, scope id.</summary>
    IPv6,

    /// <summary>struct sockaddr_un: family and a path.</summary>
    Unix,

    /// <summary>struct sockaddr_storage: room for any address.</summary>
    Storage,
}

/// <summary>
/// Recognises native socket address structs declared in C# (by name, like <c>sockaddr_in</c> or
/// <c>SockAddrIn6</c>, or by shape: a family field, a port field and a 4- or 16-byte address) and
/// computes the unmanaged size of structs declared in source.
/// </summary>
internal static class SockaddrShape
{
    private const int MaxNesting = 8;

    /// <summary>The kind of socket address <paramref name="type"/> is, or <see cref="SockaddrKind.None"/>.</summary>
    public static SockaddrKind Classify(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } named)
        {
            return SockaddrKind.None;
        }

        var byName = ClassifyByName(named.Name);
        if (byName != SockaddrKind.None)
        {
            return byName;
        }

        return ClassifyByShape(named);
    }

    /// <summary>True when <paramref name="field"/> is the port field of an IPv4 or IPv6 socket address.</summary>
    public static bool IsPortField(IFieldSymbol field)
    {
        if (field.IsStatic || field.Name.IndexOf("port", System.StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        var type = field.Type.SpecialType;
        if (type != SpecialType.System_UInt16 && type != SpecialType.System_Int16)
        {
            return false;
        }

        var kind = Classify(field.ContainingType);
        return kind == SockaddrKind.IPv4 || kind == SockaddrKind.IPv6;
    }

    /// <summary>
    /// The unmanaged size in bytes of <paramref name="type"/> (sizeof), for primitives, enums and
    /// structs declared in source with fixed-size fields; null when it is not known at compile time
    /// (pointers, managed fields, structs from metadata whose layout attributes are not visible).
    /// </summary>
    public static int? SizeOf(ITypeSymbol? type) => SizeAndAlignment(type, 0)?.Size;

    private static SockaddrKind ClassifyByName(string name)
    {
        var normalized = name.Replace("_", string.Empty).ToUpperInvariant();
        switch (normalized)
        {
            case "SOCKADDR":
                return SockaddrKind.Generic;
            case "SOCKADDRIN":
            case "SOCKADDRIN4":
            case "SOCKADDRIPV4":
                return SockaddrKind.IPv4;
            case "SOCKADDRIN6":
            case "SOCKADDRIPV6":
                return SockaddrKind.IPv6;
            case "SOCKADDRUN":
                return SockaddrKind.Unix;
            case "SOCKADDRSTORAGE":
                return SockaddrKind.Storage;
            default:
                return SockaddrKind.None;
        }
    }

    private static SockaddrKind ClassifyByShape(INamedTypeSymbol type)
    {
        var hasFamily = false;
        var hasPort = false;
        int? addressSize = null;
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                continue;
            }

            var name = field.Name;
            if (name.IndexOf("family", System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                hasFamily = true;
            }
            else if (name.IndexOf("port", System.StringComparison.OrdinalIgnoreCase) >= 0)
            {
                hasPort = field.Type.SpecialType == SpecialType.System_UInt16 || field.Type.SpecialType == SpecialType.System_Int16;
            }
            else if (name.IndexOf("addr", System.StringComparison.OrdinalIgnoreCase) >= 0 && addressSize is null)
            {
                addressSize = FieldSize(field, 1);
            }
        }

        if (!hasFamily || !hasPort)
        {
            return SockaddrKind.None;
        }

        switch (addressSize)
        {
            case 4: return SockaddrKind.IPv4;
            case 16: return SockaddrKind.IPv6;
            default: return SockaddrKind.None;
        }
    }

    private static int? FieldSize(IFieldSymbol field, int depth)
    {
        if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
        {
            var element = SizeAndAlignment(pointer.PointedAtType, depth);
            return element is null ? null : element.Value.Size * field.FixedSize;
        }

        return SizeAndAlignment(field.Type, depth)?.Size;
    }

    private static (int Size, int Alignment)? SizeAndAlignment(ITypeSymbol? type, int depth)
    {
        if (type is null || depth > MaxNesting)
        {
            return null;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
                return (1, 1);
            case SpecialType.System_Char:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
                return (2, 2);
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single:
                return (4, 4);
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
                return (8, 8);
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            return SizeAndAlignment(underlying, depth + 1);
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } structType
            || structType.SpecialType != SpecialType.None
            || !IsDeclaredInSource(structType))
        {
            return null;
        }

        return StructSize(structType, depth);
    }

    private static (int Size, int Alignment)? StructSize(INamedTypeSymbol type, int depth)
    {
        var layout = LayoutKind.Sequential;
        var pack = 0;
        var declaredSize = 0;
        foreach (var attribute in type.GetAttributes())
        {
            if (!IsInteropAttribute(attribute, "StructLayoutAttribute"))
            {
                continue;
            }

            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int kind)
            {
                layout = (LayoutKind)kind;
            }
            else if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is short shortKind)
            {
                layout = (LayoutKind)shortKind;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Pack" && named.Value.Value is int packValue)
                {
                    pack = packValue;
                }
                else if (named.Key == "Size" && named.Value.Value is int sizeValue)
                {
                    declaredSize = sizeValue;
                }
            }
        }

        if (layout == LayoutKind.Auto)
        {
            return null;
        }

        var offset = 0;
        var end = 0;
        var alignment = 1;
        var any = false;
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field)
            {
                continue;
            }

            any = true;
            (int Size, int Alignment)? fieldLayout;
            if (field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol pointer)
            {
                var element = SizeAndAlignment(pointer.PointedAtType, depth + 1);
                fieldLayout = element is null ? null : (element.Value.Size * field.FixedSize, element.Value.Alignment);
            }
            else
            {
                fieldLayout = SizeAndAlignment(field.Type, depth + 1);
            }

            if (fieldLayout is null)
            {
                return null;
            }

            var fieldAlignment = pack > 0 && pack < fieldLayout.Value.Alignment ? pack : fieldLayout.Value.Alignment;
            if (fieldAlignment > alignment)
            {
                alignment = fieldAlignment;
            }

            if (layout == LayoutKind.Explicit)
            {
                var explicitOffset = FieldOffset(field);
                if (explicitOffset is null)
                {
                    return null;
                }

                var fieldEnd = explicitOffset.Value + fieldLayout.Value.Size;
                end = fieldEnd > end ? fieldEnd : end;
            }
            else
            {
                offset = Align(offset, fieldAlignment) + fieldLayout.Value.Size;
                end = offset;
            }
        }

        if (!any)
        {
            // An empty struct still takes one byte.
            end = 1;
        }

        var size = Align(end, alignment);
        if (declaredSize > size)
        {
            size = declaredSize;
        }

        return (size, alignment);
    }

    private static int? FieldOffset(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (IsInteropAttribute(attribute, "FieldOffsetAttribute")
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int offset)
            {
                return offset;
            }
        }

        return null;
    }

    private static int Align(int value, int alignment) => alignment <= 1 ? value : (value + alignment - 1) / alignment * alignment;

    private static bool IsInteropAttribute(AttributeData attribute, string name)
        => attribute.AttributeClass is { } attributeClass
            && attributeClass.Name == name
            && attributeClass.ContainingNamespace?.ToDisplayString() == "System.Runtime.InteropServices";

    private static bool IsDeclaredInSource(INamedTypeSymbol type)
    {
        foreach (var location in type.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }
}
