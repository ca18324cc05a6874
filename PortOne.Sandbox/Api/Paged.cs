using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PortOne.Sandbox.Api;

/// <summary>PortOne's paged list: previous and next are page numbers, 0 when there is none.</summary>
internal sealed record Paged<T>(int Total, int Previous, int Next, IReadOnlyList<T> List);

internal static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1000;

    /// <summary>Reads page (1-based, default 1) and limit (default 20, max 1000); null with a message when invalid.</summary>
    public static (int Page, int Limit, string? Error) Read(HttpRequest request)
    {
        var page = ParseOr(request.Query["page"], 1);
        var limit = ParseOr(request.Query["limit"], DefaultLimit);
        if (page is null or < 1)
        {
            return (0, 0, "page는 1 이상의 정수여야 합니다.");
        }
        if (limit is null or < 1 or > MaxLimit)
        {
            return (0, 0, "limit는 1~1000 사이의 정수여야 합니다.");
        }
        return (page.Value, limit.Value, null);
    }

    /// <summary>For lists whose schema takes only page: PortOne's fixed page of 20.</summary>
    public static (int Page, string? Error) ReadPage(HttpRequest request) =>
        ParseOr(request.Query["page"], 1) is { } page and >= 1 ? (page, null) : (0, "page는 1 이상의 정수여야 합니다.");

    /// <summary>A page past the end is a 400 at PortOne ("데이터 범위를 넘어선 page"), except page 1 of nothing.</summary>
    public static Paged<T>? Slice<T>(IReadOnlyList<T> items, int page, int limit)
    {
        var pages = (items.Count + limit - 1) / limit;
        if (page > Math.Max(pages, 1))
        {
            return null;
        }
        var list = items.Skip((page - 1) * limit).Take(limit).ToArray();
        return new Paged<T>(items.Count, page > 1 ? page - 1 : 0, page < pages ? page + 1 : 0, list);
    }

    public static long? ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static int? ParseOr(string? value, int fallback) =>
        string.IsNullOrEmpty(value) ? fallback
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
}
