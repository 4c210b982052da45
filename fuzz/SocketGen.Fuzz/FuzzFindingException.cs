namespace SocketGen.Fuzz;

/// <summary>An input broke an invariant a target checks beyond "only the allowed exceptions escape".</summary>
public sealed class FuzzFindingException : Exception
{
    public FuzzFindingException()
    {
    }

    public FuzzFindingException(string message)
        : base(message)
    {
    }

    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
