namespace Paralarva.Actors.Balancing;

/// <summary>
/// A member removed by a reload or a DNS change: its BalancerActor forwards it no more lease requests and closes
/// its idle connections and each leased one as it is released, so no exchange is cut. The member stops once none
/// is open, waited for or being opened.
/// </summary>
internal sealed partial class MemberActor
{
    private bool _retiring;

    private void OnRetire()
    {
        _retiring = true;
        StopIfRetired();
    }

    private void StopIfRetired()
    {
        if (_retiring && _open.Count == 0 && _waiters.Count == 0 && _connecting == 0)
            Context.Stop(Self);
    }
}
