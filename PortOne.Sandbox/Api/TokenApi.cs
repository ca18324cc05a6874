using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PortOne.Sandbox.Api;

/// <summary>
/// One access token per key pair, as PortOne does: asking again before expiry returns the same token,
/// and a token with a minute or less left is extended by five minutes, so servers sharing a key agree.
/// </summary>
internal sealed class TokenStore(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan ExtendWithin = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Extension = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private Issued? _current;

    internal sealed record Issued(string AccessToken, DateTimeOffset ExpiresAt);

    public Issued Issue()
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_current is { } current && now < current.ExpiresAt)
            {
                if (current.ExpiresAt - now <= ExtendWithin)
                {
                    _current = current with { ExpiresAt = current.ExpiresAt + Extension };
                }
                return _current;
            }
            _current = new Issued(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), now + Lifetime);
            return _current;
        }
    }

    public bool IsValid(string token)
    {
        var current = Volatile.Read(ref _current);
        return current is not null && clock.GetUtcNow() < current.ExpiresAt
            && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(current.AccessToken), System.Text.Encoding.ASCII.GetBytes(token));
    }
}

internal static class TokenApi
{
    private sealed record TokenResponse(string AccessToken, long Now, long ExpiredAt);

    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/users/getToken", IssueAsync);

    private static async Task<IResult> IssueAsync(HttpRequest request, TokenStore tokens, TimeProvider clock,
        IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        var key = body.String("imp_key");
        var secret = body.String("imp_secret");
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return Envelope.BadRequest("imp_key, imp_secret 파라미터가 누락되었습니다.");
        }
        if (key != options.Value.ApiKey || secret != options.Value.ApiSecret)
        {
            return Envelope.Unauthorized();
        }
        var issued = tokens.Issue();
        return Envelope.Success(new TokenResponse(issued.AccessToken, clock.GetUtcNow().ToUnixTimeSeconds(), issued.ExpiresAt.ToUnixTimeSeconds()));
    }

    /// <summary>Accepts <c>Authorization: Bearer x</c>, bare <c>Authorization: x</c> and legacy <c>X-ImpTokenHeader: x</c>; Authorization wins.</summary>
    public static async ValueTask<object?> RequireTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tokens = http.RequestServices.GetRequiredService<TokenStore>();
        var token = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(token))
        {
            token = http.Request.Headers["X-ImpTokenHeader"].ToString();
        }
        token = token.Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token["Bearer ".Length..].Trim();
        }
        return token.Length > 0 && tokens.IsValid(token) ? await next(context) : Envelope.Unauthorized();
    }
}
