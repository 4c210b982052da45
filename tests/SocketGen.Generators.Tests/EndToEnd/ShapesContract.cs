using SocketGen;

namespace SocketGen.Generators.Tests.EndToEnd;

// Polymorphic records (issue 15 §3): an abstract base with declared derived types, a grandchild declared on the
// root base, a concrete base (tag 0) with a derived type, and a derived type nobody declared.

[WireDerived(typeof(Circle), 1)]
[WireDerived(typeof(Square), 2)]
[WireDerived(typeof(LabelledCircle), 3)]
public abstract record Shape(string Name);

public record Circle(string Name, double Radius) : Shape(Name);

public sealed record Square(string Name, double Side) : Shape(Name);

public sealed record LabelledCircle(string Name, double Radius, string Label) : Circle(Name, Radius);

/// <summary>Not declared on <see cref="Shape"/>: sending one must fail, naming it.</summary>
public sealed record SecretCircle(string Name, double Radius) : Circle(Name, Radius);

[WireDerived(typeof(Admin), 1)]
public record User(string Login);

public sealed record Admin(string Login, int Level) : User(Login);

public sealed record Drawing(List<Shape> Shapes, Shape? Highlight, User Owner);

[SocketContract]
public interface IShapesService
{
    Task<Drawing> EchoDrawingAsync(Drawing drawing);

    Task<Shape> EchoShapeAsync(Shape shape);

    Task<string> DescribeAsync(User user);

    /// <summary>Answers with a derived type the contract does not declare: the server cannot send it.</summary>
    Task<Shape> SecretAsync();
}

public sealed class ShapesService : IShapesService
{
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    public Task<Drawing> EchoDrawingAsync(Drawing drawing) => Run(drawing);

    public Task<Shape> EchoShapeAsync(Shape shape) => Run(shape);

    public Task<string> DescribeAsync(User user) => Run(user switch
    {
        Admin admin => $"admin {admin.Login} at level {admin.Level}",
        _ => $"user {user.Login}",
    });

    public Task<Shape> SecretAsync() => Run<Shape>(new SecretCircle("hidden", 1));

    private Task<T> Run<T>(T value)
    {
        Interlocked.Increment(ref _runs);
        return Task.FromResult(value);
    }
}
