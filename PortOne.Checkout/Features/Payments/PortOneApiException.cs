using System.Net;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// PortOne answered with a non-zero <c>code</c>, an unexpected HTTP status, or not at all.
/// <see cref="IsTransient"/> tells a caller whether asking again later can succeed.
/// </summary>
public sealed class PortOneApiException : Exception
{
    public PortOneApiException(string endpoint, HttpStatusCode? status, int? code, string? portOneMessage, Exception? inner = null)
        : base(Describe(endpoint, status, code, portOneMessage), inner)
    {
        Endpoint = endpoint;
        Status = status;
        Code = code;
        PortOneMessage = portOneMessage;
    }

    public string? Endpoint { get; }

    /// <summary>HTTP status, or null when PortOne could not be reached.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>PortOne's envelope <c>code</c> (0 is success, 1 a refusal, -1 a failure), when there was one.</summary>
    public int? Code { get; }

    /// <summary>PortOne's envelope <c>message</c>, shown to staff verbatim.</summary>
    public string? PortOneMessage { get; }

    public bool IsTransient => Status is null || (int)Status >= 500 || Status == HttpStatusCode.TooManyRequests;

    private static string Describe(string endpoint, HttpStatusCode? status, int? code, string? message) =>
        status is null
            ? $"PortOne {endpoint} could not be reached."
            : $"PortOne {endpoint} answered HTTP {(int)status} code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}: {message ?? "(no message)"}";
}
