namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>Weight arithmetic shared by the strategies.</summary>
internal static class Weights
{
    public static bool AllEqual(IReadOnlyList<MemberState> members)
    {
        var first = members[0].Weight;
        for (var i = 1; i < members.Count; i++)
        {
            if (members[i].Weight != first)
                return false;
        }

        return true;
    }

    /// <summary>A random index, each member's chance proportional to its weight; <paramref name="skip"/> (or -1) is never returned.</summary>
    public static int RandomIndex(IReadOnlyList<MemberState> members, Random random, int skip = -1)
    {
        long total = 0;
        for (var i = 0; i < members.Count; i++)
        {
            if (i != skip)
                total += members[i].Weight;
        }

        var target = random.NextInt64(total);
        for (var i = 0; i < members.Count; i++)
        {
            if (i == skip)
                continue;
            target -= members[i].Weight;
            if (target < 0)
                return i;
        }

        return members.Count - 1;
    }

    /// <summary>True when <paramref name="a"/> carries less load per unit of weight than <paramref name="b"/>: (in-flight + 1) / weight, compared without division.</summary>
    public static bool LessLoaded(MemberState a, MemberState b) =>
        (a.Load.InFlight + 1L) * b.Weight < (b.Load.InFlight + 1L) * a.Weight;
}
