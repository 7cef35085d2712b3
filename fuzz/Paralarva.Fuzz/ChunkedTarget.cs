using System.Globalization;
using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Fuzz;

/// <summary>
/// The chunked body scanner, as <see cref="BodyReader"/> drives it when relaying (framing kept) and when decoding
/// (framing removed for an HTTP/1.0 client). Invariants: status, consumed bytes and data length do not depend on
/// the split; relaying and decoding agree; the decoded payload is exactly the chunk-data; a complete body re-encoded
/// canonically scans to the same payload; an invalid body delivers no payload byte beyond its last valid chunk-data.
/// </summary>
internal static class ChunkedTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var (status, consumed, dataBytes) = Relay(input, []);
        var (splitStatus, splitConsumed, splitData) = Relay(input, HeadCollector.Cuts(input));
        InvariantViolation.Check(status == splitStatus && consumed == splitConsumed && dataBytes == splitData,
            "whole " + status + "/" + consumed + "/" + dataBytes + " but split " + splitStatus + "/" + splitConsumed + "/" + splitData);
        InvariantViolation.Check(consumed <= input.Length, "consumed more than given");
        InvariantViolation.Check(status != BodyStatus.NeedMore || consumed == input.Length, "stopped early without a decision");

        var (decodedStatus, decodedConsumed, payload) = Decode(input);
        InvariantViolation.Check(decodedStatus == status, "relaying says " + status + ", decoding " + decodedStatus);
        InvariantViolation.Check(payload.Length == dataBytes, "decoded " + payload.Length + " payload bytes, scanner counted " + dataBytes);
        if (status == BodyStatus.Complete)
        {
            InvariantViolation.Check(decodedConsumed == consumed, "decoding consumed " + decodedConsumed + ", relaying " + consumed);
            var canonical = Encode(payload);
            var (againStatus, againConsumed, againPayload) = Decode(canonical);
            InvariantViolation.Check(againStatus == BodyStatus.Complete && againConsumed == canonical.Length, "canonical re-encoding rejected");
            InvariantViolation.Check(againPayload.AsSpan().SequenceEqual(payload), "canonical re-encoding decodes differently");
        }
    }

    private static (BodyStatus Status, long Consumed, long DataBytes) Relay(ReadOnlySpan<byte> input, ReadOnlySpan<int> cuts)
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.Chunked, -1);
        var start = 0;
        long consumed = 0;
        var status = BodyStatus.NeedMore;
        for (var i = 0; i <= cuts.Length && status == BodyStatus.NeedMore; i++)
        {
            var end = i < cuts.Length ? cuts[i] : input.Length;
            status = reader.Advance(input[start..end], out var used);
            InvariantViolation.Check(used <= end - start, "consumed more than the piece");
            consumed += used;
            start = end;
        }

        return (status, consumed, reader.BodyBytes);
    }

    private static (BodyStatus Status, long Consumed, byte[] Payload) Decode(ReadOnlySpan<byte> input)
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.Chunked, -1);
        var payload = new MemoryStream();
        var at = 0;
        var status = BodyStatus.NeedMore;
        // Each call stops after one run of chunk-data, so progress is at least one byte per call: bounded by the length.
        for (var calls = 0; status == BodyStatus.NeedMore && at < input.Length && calls <= input.Length; calls++)
        {
            status = reader.AdvanceDecoding(input[at..], out var consumed, out var data);
            InvariantViolation.Check(consumed > 0 || status != BodyStatus.NeedMore, "no progress while decoding");
            InvariantViolation.Check(data <= consumed, "payload longer than consumed");
            payload.Write(input.Slice(at + consumed - data, data));
            at += consumed;
        }

        return (status, at, payload.ToArray());
    }

    private static byte[] Encode(byte[] payload)
    {
        var text = new MemoryStream();
        if (payload.Length > 0)
        {
            text.Write(Encoding.ASCII.GetBytes(payload.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
            text.Write(payload);
            text.Write("\r\n"u8);
        }

        text.Write("0\r\n\r\n"u8);
        return text.ToArray();
    }
}
