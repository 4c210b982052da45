using System.ComponentModel;

namespace SocketGen.Serialization;

/// <summary>Returned by <see cref="WireReader.BeginObject(out int)"/>; hand it back to <see cref="WireReader.EndObject(WireObjectScope)"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct WireObjectScope
{
    internal WireObjectScope(int end) => End = end;

    /// <summary>The offset just past the object's last field; trailing fields up to here are skipped.</summary>
    internal int End { get; }
}
