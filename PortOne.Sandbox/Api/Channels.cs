using Microsoft.AspNetCore.Http;

namespace PortOne.Sandbox.Api;

/// <summary>
/// Which channel a REST call names: <c>channel_key</c> (PortOne's current docs) or the older <c>pg</c>
/// (<c>tosspayments[.MID]</c>). Only TossPayments channels exist in the sandbox, and only the channel keys it is
/// configured with (<see cref="SandboxOptions.ChannelKeys"/>).
/// </summary>
internal static class Channels
{
    /// <summary>PortOne's answer when no API-mode channel fits a pg.</summary>
    public const string NoChannel = "비인증결제모듈 사용정보를 찾을 수 없습니다.";

    /// <summary>
    /// PortOne's wording for a channel it cannot look up, as its window says it (F500). Its REST code for an
    /// unknown channel_key is not documented: code 1 with HTTP 200 treats it like the pg refusal above, a
    /// business refusal where nothing happened.
    /// </summary>
    public const string UnknownChannel = "채널 정보를 조회할 수 없습니다.";

    /// <summary>Null when the body names a channel the sandbox has (or none, meaning the default); else the refusal.</summary>
    public static IResult? Refusal(RequestBody body, SandboxOptions options)
    {
        // channel_key, when sent, decides the channel and pg is not read (as PortOne's docs put one in place of the other).
        if (body.Fields.ContainsKey("channel_key") && body.Fields["channel_key"] is not null)
        {
            return options.KnowsChannelKey(body.String("channel_key"))
                ? null
                : Envelope.Refused($"{UnknownChannel} (channel_key: {body.String("channel_key")})");
        }
        return body.String("pg") is not { Length: > 0 } pg || IsTossPg(pg) ? null : Envelope.Refused(NoChannel);
    }

    public static bool IsTossPg(string pg) => pg == "tosspayments" || pg.StartsWith("tosspayments.", StringComparison.Ordinal);
}
