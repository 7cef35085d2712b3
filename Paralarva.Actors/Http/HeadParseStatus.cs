namespace Paralarva.Actors.Http;

public enum HeadParseStatus : byte
{
    /// <summary>No complete head yet: read more.</summary>
    Incomplete = 0,
    Complete,
    /// <summary>Malformed or ambiguous: answer 400 (request) or 502 (response) and close.</summary>
    Invalid,
    /// <summary>Head exceeds the limit: answer 431 (request) or 502 (response) and close.</summary>
    TooLarge,
}
