import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/unbounded-page-size";

const lines = (...l: string[]): string => l.join("\n") + "\n";

describe(ID, () => {
  it("fires on a page_size_query_param without max_page_size and on DRF's LimitOffsetPagination as the default", async () => {
    const findings = await findingsOf(ID, {
      "api/pagination.py": lines(
        "from rest_framework.pagination import LimitOffsetPagination, PageNumberPagination",
        "class StandardPagination(PageNumberPagination):",
        "    page_size = 50",
        '    page_size_query_param = "page_size"',
        "class FeedPagination(LimitOffsetPagination):",
        "    default_limit = 20",
      ),
      "config/settings.py": lines(
        "REST_FRAMEWORK = {",
        '    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",',
        '    "PAGE_SIZE": 100,',
        "}",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["api/pagination.py", 4, "medium"],
      ["api/pagination.py", 5, "medium"],
      ["config/settings.py", 2, "low"],
    ]);
    expect(findings[0]?.message).toContain("(`?page_size=`) with no max_page_size");
  });

  it("stays silent when the class caps the size in its own get_limit / get_page_size, not when the override only reads it", async () => {
    const findings = await findingsOf(ID, {
      "api/pagination.py": lines(
        "from rest_framework.pagination import LimitOffsetPagination, PageNumberPagination",
        "from app.config import get_config",
        "class AppPagination(LimitOffsetPagination):",
        "    def get_limit(self, request):",
        "        limit = int(request.query_params.get(self.limit_query_param, 50))",
        "        return min(limit, get_config().MAX_PAGE_SIZE)",
        "class ChildPagination(AppPagination):",
        "    default_limit = 10",
        "class PagePagination(PageNumberPagination):",
        '    page_size_query_param = "size"',
        "    def get_page_size(self, request):",
        "        size = super().get_page_size(request)",
        "        if size > settings.MAX_PAGE:",
        "            return settings.MAX_PAGE",
        "        return size",
        "class ReadingPagination(LimitOffsetPagination):",
        "    def get_limit(self, request):",
        "        return int(request.query_params.get('limit', 50))",
      ),
    });
    expect(findings.map((f) => f.message.split(" ")[0])).toEqual(["ReadingPagination"]);
  });

  it("fires low when the maximum is so large it bounds nothing", async () => {
    const findings = await findingsOf(ID, {
      "app/views.py": lines(
        "from rest_framework.pagination import PageNumberPagination",
        "class StandardPagination(PageNumberPagination):",
        '    page_size_query_param = "page_size"',
        "    max_page_size = 100000",
      ),
    });
    expect(findings.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays silent when a maximum is set here or on a base class, and on fixed page sizes", async () => {
    const findings = await findingsOf(ID, {
      "api/pagination.py": lines(
        "from rest_framework.pagination import LimitOffsetPagination, PageNumberPagination",
        "class BasePagination(PageNumberPagination):",
        "    max_page_size = 500",
        "class StandardPagination(BasePagination):",
        '    page_size_query_param = "page_size"',
        "class FeedPagination(LimitOffsetPagination):",
        "    max_limit = 200",
        "class FixedPagination(PageNumberPagination):",
        "    page_size = 25",
      ),
      "config/settings.py": lines(
        "REST_FRAMEWORK = {",
        '    "DEFAULT_PAGINATION_CLASS": "api.pagination.FeedPagination",',
        "}",
      ),
    });
    expect(findings).toEqual([]);
  });

  it("reads DRF's LimitOffsetPagination through an aliased import and judges a project class of that name where it is defined", async () => {
    const findings = await findingsOf(ID, {
      "api/pagination.py": lines(
        "from rest_framework.pagination import (",
        "    LimitOffsetPagination as RestFrameworkLimitOffsetPagination,",
        ")",
        "class LimitOffsetPagination(RestFrameworkLimitOffsetPagination):",
        "    default_limit = 100",
        "class LimitOffsetPaginationWithoutCount(LimitOffsetPagination):",
        "    def paginate_queryset(self, queryset, request, view=None):",
        "        self.limit = self.get_limit(request)",
        "        return list(queryset[: self.limit])",
      ),
      "api/capped.py": lines(
        "from rest_framework import pagination",
        "class CappedPagination(pagination.LimitOffsetPagination):",
        "    max_limit = 200",
        "class OpenPagination(pagination.LimitOffsetPagination):",
        "    default_limit = 20",
      ),
      "api/views.py": lines(
        "from api.pagination import LimitOffsetPagination",
        "class ExportPagination(LimitOffsetPagination):",
        "    default_limit = 500",
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.message.split(" ")[0]])).toEqual([
      ["api/capped.py", 4, "OpenPagination"],
      ["api/pagination.py", 4, "LimitOffsetPagination"],
    ]);
  });
});
