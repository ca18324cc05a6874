using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Api;

/// <summary>Standard card and bank codes (GET /cards, /banks).</summary>
internal static class CodesApi
{
    private sealed record CodeName(string Code, string Name);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/cards", () => Envelope.Success(Codes.AllCards.Select(c => new CodeName(c.Code, c.Name)).ToArray()));
        api.MapGet("/cards/{card_standard_code}", (string card_standard_code) => One(Codes.AllCards, card_standard_code, "카드사"));
        api.MapGet("/banks", () => Envelope.Success(Codes.Banks.Select(c => new CodeName(c.Code, c.Name)).ToArray()));
        api.MapGet("/banks/{bank_standard_code}", (string bank_standard_code) => One(Codes.Banks, bank_standard_code, "은행"));
    }

    private static IResult One(IReadOnlyList<(string Code, string Name)> codes, string code, string what) =>
        codes.FirstOrDefault(c => c.Code == code) is { Name: not null } found
            ? Envelope.Success(new CodeName(found.Code, found.Name))
            : Envelope.NotFound($"존재하지 않는 {what} 코드입니다. ({code})");
}
