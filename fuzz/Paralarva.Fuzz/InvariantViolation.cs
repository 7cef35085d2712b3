namespace Paralarva.Fuzz;

/// <summary>A target's invariant failed: thrown out of the target so that AFL++ records the input as a crash.</summary>
internal sealed class InvariantViolation(string message) : Exception(message)
{
    public static void Check(bool condition, string message)
    {
        if (!condition)
            throw new InvariantViolation(message);
    }
}
