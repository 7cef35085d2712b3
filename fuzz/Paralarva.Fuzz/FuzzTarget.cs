namespace Paralarva.Fuzz;

/// <summary>One fuzz target: takes any bytes, throws <see cref="InvariantViolation"/> (or anything else) on a bug.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);
