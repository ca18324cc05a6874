using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Api;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Window;

/// <summary>Our own window endpoints (not PortOne's API): iamport.js and test drivers call these to act as the shopper.</summary>
internal static class WindowApi
{
    public static void Map(RouteGroupBuilder sandbox)
    {
        sandbox.MapGet("/v1/iamport.js", () => Asset("iamport.js", "text/javascript; charset=utf-8"));
        sandbox.MapGet("/assets/{file}", (string file) => file is "window.js" or "window.css"
            ? Asset(file, file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
            : Results.NotFound());

        var window = sandbox.MapGroup("/window");
        window.MapPost("/requests", CreateAsync);
        window.MapGet("/{imp_uid}", (string imp_uid, HttpRequest request, PaymentStore store) =>
            store.Find(imp_uid) is { } entry
                ? Results.Content(WindowPage.Render(entry, request.PathBase + SandboxModule.PathPrefix + "/assets"), "text/html; charset=utf-8")
                : Results.NotFound());
        window.MapPost("/{imp_uid}/approve", ApproveAsync);
        window.MapPost("/{imp_uid}/decline", async (string imp_uid, WindowActions actions) => Answer(await actions.DeclineAsync(imp_uid)));
        window.MapPost("/{imp_uid}/close", async (string imp_uid, WindowActions actions) => Answer(await actions.CloseAsync(imp_uid)));
        window.MapGet("/{imp_uid}/return", Return);
        window.MapGet("/{imp_uid}/receipt", (string imp_uid, PaymentStore store) => store.Find(imp_uid) is { Payment: var p }
            ? Results.Content($"<!DOCTYPE html><html lang=\"ko\"><meta charset=\"utf-8\"><title>매출전표</title><h1>매출전표 (샌드박스)</h1><p>{System.Net.WebUtility.HtmlEncode(p.Name ?? "")} {WindowPage.FormatWon(p.Amount, p.Currency)}</p></html>", "text/html; charset=utf-8")
            : Results.NotFound());
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, WindowRequests requests, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Json(new WindowResult(null, null, ErrorCode: WindowRequests.ParamError, ErrorMsg: "요청 본문을 읽을 수 없습니다."), 400);
        }
        var (entry, error) = requests.Create(body.Fields, request);
        if (error is not null)
        {
            return Json(error, 400);
        }
        var windowUrl = $"{BaseUrl(request)}/window/{entry!.Payment.ImpUid}";
        return Json(new WindowResult(entry.Payment.ImpUid, entry.Payment.MerchantUid, WindowUrl: windowUrl), 200);
    }

    private static async Task<IResult> ApproveAsync(string imp_uid, HttpRequest request, WindowActions actions, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Json(new WindowResult(imp_uid, null, ErrorCode: WindowActions.InvalidChoice, ErrorMsg: "요청 본문을 읽을 수 없습니다."), 400);
        }
        var quota = body.Fields["card_quota"] is JsonValue q && q.GetValueKind() == JsonValueKind.Number && q.TryGetValue(out int months) ? months : (int?)null;
        var choice = new ApproveChoice(body.String("card_code") is { Length: > 0 } c ? c : null, quota,
            body.String("vbank_code") is { Length: > 0 } v ? v : null,
            body.String("test_card") is { Length: > 0 } t ? t : null,
            body.String("cash_receipt_type") is { Length: > 0 } r ? r : null);
        return Answer(await actions.ApproveAsync(imp_uid, choice, $"{BaseUrl(request)}/window", cancellationToken));
    }

    /// <summary>
    /// The mobile flow ends here: PortOne answers the browser with a 302 to m_redirect_url. request_pay already
    /// refused other origins; this check against the shopper's own request keeps a window opened with a forged
    /// Host from redirecting off the app all the same.
    /// </summary>
    private static IResult Return(string imp_uid, HttpRequest request, PaymentStore store, WindowActions actions, IOptions<SandboxOptions> options)
    {
        if (store.Find(imp_uid) is not { } entry)
        {
            return Results.NotFound();
        }
        if (WindowActions.IsOpen(entry.Payment))
        {
            return Results.Conflict("결제가 아직 진행 중입니다.");
        }
        if (entry.Window.MRedirectUrl is not { } url)
        {
            return Results.BadRequest("m_redirect_url이 없는 결제입니다.");
        }
        if (ReturnOrigins.Allowed(url, request, options.Value) is not { } target)
        {
            return Results.BadRequest("m_redirect_url이 이 사이트의 주소가 아니어서 돌아갈 수 없습니다.");
        }
        var result = actions.ResultFor(entry);
        return Results.Redirect(WindowActions.RedirectUrl(target.AbsoluteUri, entry.Payment.ImpUid, entry.Payment.MerchantUid, result.ErrorCode, result.ErrorMsg));
    }

    private static IResult Answer(WindowActions.Outcome? outcome) =>
        outcome is null ? Results.NotFound() : Json(outcome.Result, outcome.Status);

    private static IResult Json(WindowResult result, int status) =>
        Results.Json(result, SandboxJson.Options, statusCode: status);

    private static string BaseUrl(HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{SandboxModule.PathPrefix}";

    private static IResult Asset(string file, string contentType) =>
        Assets.Read(file) is { } text ? Results.Text(text, contentType) : Results.NotFound();
}
