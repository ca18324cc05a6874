using System.Text.Json;
using System.Text.Json.Serialization;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// Reads a text field of a PortOne answer (a card or bank name, a fail or cancel reason, PortOne's own message, a
/// status or code) with every control character replaced by a space (<see cref="SingleLine.Clean"/>). PortOne relays
/// some of these from card companies and banks, and a NUL in one would make PostgreSQL refuse every write of the
/// answer, so a paid order would never be recorded paid however often the sync ran. Cleaned here, where the answer
/// is read, every store, page, export and log line downstream gets text it can keep.
/// </summary>
/// <remarks>
/// Identifiers are never read through this (<see cref="PortOneIdentifierAttribute"/>): changing one would make it
/// name something else. Amounts are numbers and never pass here either.
/// </remarks>
public sealed class PortOneText : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SingleLine.Clean(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Marks a field of a PortOne answer that names something (a payment, an order, a billing key, a receipt) and is
/// therefore read exactly as sent, never cleaned like <see cref="PortOneText"/>. Whoever stores or matches one checks
/// it: none we issue holds a control character, so one that does names nothing of ours (see <c>PaymentSync</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PortOneIdentifierAttribute : Attribute;
