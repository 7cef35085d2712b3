using System.Collections.Immutable;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Admission;

/// <summary>
/// A compiled <c>allow</c> or <c>deny</c> list: networks and masks in two arrays, matched against a client key with
/// a mask and a compare per entry, no allocation. Lists are short in practice (nginx scans its rules the same way);
/// entries are kept in the order written.
/// </summary>
internal sealed class AddressList
{
    private readonly UInt128[] _networks;
    private readonly UInt128[] _masks;

    public AddressList(ImmutableArray<CidrBlock> blocks)
    {
        _networks = new UInt128[blocks.Length];
        _masks = new UInt128[blocks.Length];
        for (var i = 0; i < blocks.Length; i++)
        {
            _masks[i] = blocks[i].Mask();
            _networks[i] = blocks[i].Network & _masks[i];
        }
    }

    public int Count => _networks.Length;

    public bool Contains(UInt128 client)
    {
        var networks = _networks;
        var masks = _masks;
        for (var i = 0; i < networks.Length; i++)
        {
            if ((client & masks[i]) == networks[i])
                return true;
        }

        return false;
    }
}
