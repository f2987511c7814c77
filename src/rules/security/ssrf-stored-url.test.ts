import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/ssrf-stored-url";

const djangoModel = [
  "from django.db import models",
  "class Bookmark(models.Model):",
  "    url = models.CharField(max_length=2048)",
  "    title = models.CharField(max_length=512)",
].join("\n");

describe(ID, () => {
  it("fires when a background task requests a URL field that a Django form binds from the request (through project functions)", async () => {
    const findings = await findingsOf(ID, {
      "bookmarks/models.py": djangoModel,
      "bookmarks/forms.py": [
        "from django import forms",
        "from bookmarks.models import Bookmark",
        "class BookmarkForm(forms.ModelForm):",
        "    class Meta:",
        "        model = Bookmark",
        '        fields = ["url", "title"]',
      ].join("\n"),
      "bookmarks/services/loader.py": [
        "import requests",
        "def load_page(url):",
        "    return requests.get(url, timeout=10).text",
      ].join("\n"),
      "bookmarks/services/tasks.py": [
        "from huey.contrib.djhuey import task",
        "from bookmarks.models import Bookmark",
        "from bookmarks.services import loader",
        "@task()",
        "def refresh_title(bookmark_id):",
        "    bookmark = Bookmark.objects.get(id=bookmark_id)",
        "    page = loader.load_page(bookmark.url)",
        "    bookmark.title = page[:100]",
        "    bookmark.save()",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["bookmarks/services/tasks.py", 7, "medium"],
    ]);
    expect(findings[0]?.message).toContain("the background job refresh_title()");
    expect(findings[0]?.message).toContain("bookmarks/forms.py:6");
  });

  it("fires on a Node worker reading a Drizzle row that a tRPC procedure stores through a repository function", async () => {
    const findings = await findingsOf(ID, {
      "packages/trpc/models/feeds.ts": [
        "export async function createFeed(db, input) {",
        "  return db.insert(rssFeedsTable).values({ name: input.name, url: input.url }).returning();",
        "}",
      ].join("\n"),
      "packages/trpc/routers/feeds.ts": [
        "import { createFeed } from '../models/feeds';",
        "export const feedsRouter = router({",
        "  create: authedProcedure.input(zFeed).mutation(async ({ input, ctx }) => {",
        "    return createFeed(ctx.db, input);",
        "  }),",
        "});",
      ].join("\n"),
      "apps/workers/feedWorker.ts": [
        "export async function run(job) {",
        "  const feed = await db.query.rssFeedsTable.findFirst({ where: eq(rssFeedsTable.id, job.data.feedId) });",
        "  const response = await fetch(feed.url);",
        "  return response.text();",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["apps/workers/feedWorker.ts", 3],
    ]);
    expect(findings[0]?.message).toContain("packages/trpc/routers/feeds.ts:4");
  });

  it("follows a stored URL four project functions deep, and into a list callback (`feeds.map((f) => fetch(f.url))`)", async () => {
    const findings = await findingsOf(ID, {
      "bookmarks/models.py": djangoModel,
      "bookmarks/forms.py": [
        "from django import forms",
        "from bookmarks.models import Bookmark",
        "class BookmarkForm(forms.ModelForm):",
        "    class Meta:",
        "        model = Bookmark",
        '        fields = ["url", "title"]',
      ].join("\n"),
      "bookmarks/services/website_loader.py": [
        "import requests",
        "def load_website_metadata(url, ignore_cache=False):",
        "    return _load_website_metadata_cached(url)",
        "def _load_website_metadata_cached(url):",
        "    return _load_website_metadata(url)",
        "def _load_website_metadata(url):",
        "    return load_page(url)",
        "def load_page(url):",
        "    return requests.get(url, timeout=10).text",
      ].join("\n"),
      "bookmarks/services/tasks.py": [
        "from huey.contrib.djhuey import task",
        "from bookmarks.models import Bookmark",
        "from bookmarks.services import website_loader",
        "@task()",
        "def load_website_metadata(user, bookmark):",
        "    refresh_title(bookmark.id)",
        "@task()",
        "def refresh_title(bookmark_id):",
        "    bookmark = Bookmark.objects.get(id=bookmark_id)",
        "    page = website_loader.load_website_metadata(bookmark.url)",
      ].join("\n"),
      "packages/trpc/routers/feeds.ts": [
        "export const feedsRouter = router({",
        "  create: authedProcedure.input(zFeed).mutation(async ({ input, ctx }) =>",
        "    ctx.db.insert(rssFeedsTable).values({ name: input.name, url: input.url }),",
        "  ),",
        "});",
      ].join("\n"),
      "apps/workers/feedWorker.ts": [
        "export async function refreshAll(job) {",
        "  const feeds = await db.query.rssFeedsTable.findMany({ where: eq(rssFeedsTable.enabled, true) });",
        "  await Promise.all(feeds.map(async (feed) => (await fetch(feed.url)).text()));",
        "  await Promise.all(job.data.ids.map(async (id) => fetch(`https://api.example.com/feeds/${id}`)));",
        "}",
      ].join("\n"),
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine])).toEqual([
      ["apps/workers/feedWorker.ts", 3],
      ["bookmarks/services/tasks.py", 10],
    ]);
    // The module the call names, not the task wrapper of the same name in the caller's file.
    expect(findings[1]?.message).toContain("load_page()");
  });

  it("stays silent on a read-only or unbound field, a checked destination, a fixed host built from a stored id, and a field no request writes", async () => {
    const findings = await findingsOf(ID, {
      "bookmarks/models.py": djangoModel,
      "bookmarks/serializers.py": [
        "from rest_framework import serializers",
        "from bookmarks.models import Bookmark",
        "class BookmarkSerializer(serializers.ModelSerializer):",
        "    class Meta:",
        "        model = Bookmark",
        '        fields = ["id", "url", "title", "favicon_url"]',
        '        read_only_fields = ["favicon_url"]',
      ].join("\n"),
      "bookmarks/tasks.py": [
        "import requests",
        "from celery import shared_task",
        "from bookmarks.models import Bookmark, Site",
        "@shared_task",
        "def load_favicon(bookmark_id):",
        "    bookmark = Bookmark.objects.get(id=bookmark_id)",
        "    requests.get(bookmark.favicon_url, timeout=5)",
        '    requests.get(f"https://favicons.example.com/{bookmark.id}", timeout=5)',
        "@shared_task",
        "def ping_sites():",
        "    for site in Site.objects.all():",
        "        requests.get(site.url, timeout=5)",
      ].join("\n"),
      "bookmarks/checks.py": [
        "import requests",
        "from celery import shared_task",
        "from bookmarks.models import Bookmark",
        "from bookmarks.net import is_public_url",
        "@shared_task",
        "def check(bookmark_id):",
        "    bookmark = Bookmark.objects.get(id=bookmark_id)",
        "    if not is_public_url(bookmark.url):",
        "        return",
        "    requests.get(bookmark.url, timeout=5)",
      ].join("\n"),
    });
    expect(findings).toEqual([]);
  });
  it("reads Django forms and DRF serializers from the syntax tree: a base form of the file, exclude, extra_kwargs and declared read-only fields", async () => {
    const task = (field: string) =>
      [
        "import requests",
        "from celery import shared_task",
        "from feeds.models import Feed",
        "@shared_task",
        "def refresh(feed_id):",
        "    feed = Feed.objects.get(id=feed_id)",
        `    requests.get(feed.${field}, timeout=5)`,
      ].join("\n");
    const model = [
      "from django.db import models",
      "class Feed(models.Model):",
      "    url = models.URLField()",
      "    icon_url = models.URLField()",
      "    owner = models.ForeignKey('auth.User', on_delete=models.CASCADE)",
    ].join("\n");
    const bound = await findingsOf(ID, {
      "feeds/models.py": model,
      "feeds/forms.py": [
        "from django import forms",
        "from feeds.models import Feed",
        "class BaseForm(forms.ModelForm):",
        "    pass",
        "class FeedForm(BaseForm):",
        "    class Meta:",
        "        model = Feed",
        '        fields = ("url",)',
        "class FeedAdminForm(forms.ModelForm):",
        "    class Meta:",
        "        model = Feed",
        '        exclude = ["owner"]',
      ].join("\n"),
      "feeds/tasks.py": task("url"),
    });
    expect(bound.map((f) => [f.location?.path, f.location?.startLine])).toEqual([["feeds/tasks.py", 7]]);
    expect(bound[0]?.message).toMatch(/feeds\/forms\.py:(?:8|12)/);
    const readOnly = await findingsOf(ID, {
      "feeds/models.py": model,
      "feeds/serializers.py": [
        "from rest_framework import serializers",
        "from feeds.models import Feed",
        "class FeedSerializer(serializers.ModelSerializer):",
        "    icon_url = serializers.SerializerMethodField()",
        "    class Meta:",
        "        model = Feed",
        '        fields = ["id", "url", "icon_url"]',
        '        extra_kwargs = {"url": {"read_only": True}}',
      ].join("\n"),
      "feeds/tasks.py": task("url"),
      "feeds/icons.py": task("icon_url"),
    });
    expect(readOnly).toEqual([]);
  });
});
