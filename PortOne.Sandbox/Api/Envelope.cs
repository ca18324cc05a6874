using Microsoft.AspNetCore.Http;

namespace PortOne.Sandbox.Api;

/// <summary>PortOne's <c>{code, message, response}</c> wrapper: code 0 ok, 1 business refusal, -1 failure or not found.</summary>
internal sealed record Envelope(int Code, string? Message, object? Response)
{
    public static Envelope Ok(object response) => new(0, null, response);

    public static IResult Success(object response) => Json(Ok(response), StatusCodes.Status200OK);

    /// <summary>A multi-get where some ids were not found: HTTP 207, still code 0, with the ones found.</summary>
    public static IResult Partial(object response) => Json(Ok(response), StatusCodes.Status207MultiStatus);

    /// <summary>A business-level refusal: HTTP 200 with code 1 and no response, as PortOne answers cancels.</summary>
    public static IResult Refused(string message) => Json(new Envelope(1, message, null), StatusCodes.Status200OK);

    public static IResult Error(int status, string message) => Json(new Envelope(-1, message, null), status);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    public static IResult Unauthorized() => Error(StatusCodes.Status401Unauthorized, "Unauthorized");

    private static IResult Json(Envelope envelope, int status) =>
        Results.Json(envelope, SandboxJson.Options, contentType: "application/json; charset=utf-8", statusCode: status);
}
