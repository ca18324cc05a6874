using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class TokenApiTests(SandboxHost host)
{
    private async Task<JsonNode> IssueAsync()
    {
        var response = await host.Http.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = SandboxHost.ApiKey, imp_secret = SandboxHost.ApiSecret });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(0, json["code"]!.GetValue<int>());
        return json["response"]!;
    }

    [Fact]
    public async Task Token_lasts_thirty_minutes_and_is_reused_until_it_nearly_expires()
    {
        host.Clock.Advance(TimeSpan.FromHours(1)); // start from a fresh token
        var first = await IssueAsync();
        var now = first["now"]!.GetValue<long>();
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeSeconds(), now);
        Assert.Equal(now + 1800, first["expired_at"]!.GetValue<long>());

        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await IssueAsync();
        Assert.Equal(first["access_token"]!.GetValue<string>(), again["access_token"]!.GetValue<string>());
        Assert.Equal(first["expired_at"]!.GetValue<long>(), again["expired_at"]!.GetValue<long>());
    }

    [Fact]
    public async Task Token_with_a_minute_left_is_extended_by_five_minutes()
    {
        host.Clock.Advance(TimeSpan.FromHours(1));
        var first = await IssueAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(29));
        var extended = await IssueAsync();
        Assert.Equal(first["access_token"]!.GetValue<string>(), extended["access_token"]!.GetValue<string>());
        Assert.Equal(first["expired_at"]!.GetValue<long>() + 300, extended["expired_at"]!.GetValue<long>());
    }

    [Fact]
    public async Task Expired_token_is_refused_and_a_new_one_is_issued()
    {
        host.Clock.Advance(TimeSpan.FromHours(1));
        var first = await IssueAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(31));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/api/payments/imp_000000000000?include_sandbox=true");
        request.Headers.TryAddWithoutValidation("Authorization", first["access_token"]!.GetValue<string>());
        using var response = await host.Http.SendAsync(request);
        await AssertUnauthorizedAsync(response);

        var next = await IssueAsync();
        Assert.NotEqual(first["access_token"]!.GetValue<string>(), next["access_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_key_or_secret_answers_401()
    {
        using var response = await host.Http.PostAsync("/sandbox/api/users/getToken",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["imp_key"] = SandboxHost.ApiKey, ["imp_secret"] = "nope" }));
        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Form_encoded_key_and_secret_are_accepted()
    {
        using var response = await host.Http.PostAsync("/sandbox/api/users/getToken",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["imp_key"] = SandboxHost.ApiKey, ["imp_secret"] = SandboxHost.ApiSecret }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Authorization", "Bearer {0}")]
    [InlineData("Authorization", "{0}")]
    [InlineData("X-ImpTokenHeader", "{0}")]
    public async Task Token_is_accepted_in_all_three_header_forms(string header, string format)
    {
        var token = await host.TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/api/payments/prepare/none-such");
        request.Headers.TryAddWithoutValidation(header, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, token));
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // authorised, merely not prepared
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    public async Task Missing_or_unknown_token_answers_401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/api/payments/imp_000000000000");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var response = await host.Http.SendAsync(request);
        await AssertUnauthorizedAsync(response);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(-1, json["code"]!.GetValue<int>());
        Assert.Equal("Unauthorized", json["message"]!.GetValue<string>());
        Assert.Null(json["response"]);
    }
}
