import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const where = (findings: Awaited<ReturnType<typeof findingsOf>>): string[] =>
  findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`);

describe("python/unresolved-import", () => {
  it("fires on a name the package's module does not bind and on a module that does not exist", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "app/__init__.py": "",
      "app/billing.py": "def charge(amount):\n    return amount\n",
      "app/views.py": [
        "from app.billing import charge_card",
        "from .billing import charge",
        "from app.invoices import render",
        "",
      ].join("\n"),
      "tests/__init__.py": "",
      "tests/test_billing.py": "from app.billing import refund\n",
    });
    expect(where(findings)).toEqual([
      "app/views.py:1 high",
      "app/views.py:3 high",
      "tests/test_billing.py:1 medium",
    ]);
    expect(findings[0]?.message).toContain("`charge_card` is not defined in app/billing.py");
    expect(findings[1]?.message).toContain("`app.invoices` does not exist in this repository");
  });

  it("reads the portions of a namespace package split across distributions, and still fires on a missing module", async () => {
    const extend = '__path__ = __import__("pkgutil").extend_path(__path__, __name__)\n';
    const findings = await findingsOf("python/unresolved-import", {
      // The SDK's `karrio/` is a package; the server and the carrier connectors add portions in folders without one.
      "modules/sdk/karrio/__init__.py": extend,
      "modules/sdk/karrio/lib.py": "def to_dict(x):\n    return x\n",
      "apps/api/karrio/server/__init__.py": extend,
      "apps/api/karrio/server/settings/__init__.py":
        "from karrio.server.settings.workers import *\nfrom karrio.server.settings.tracing import *\n",
      "apps/api/karrio/server/settings/workers.py": "HUEY = None\n",
      "modules/connectors/fedex/karrio/providers/fedex/__init__.py": "",
      "modules/connectors/fedex/karrio/providers/fedex/units.py": "class PackagingType:\n    pass\n",
      "modules/connectors/fedex/karrio/providers/fedex/rate.py": [
        "from karrio.providers.fedex.units import PackagingType",
        "from karrio.lib import to_dict",
        "from karrio.providers.fedex.utils import Settings",
        "",
      ].join("\n"),
    });
    expect(where(findings)).toEqual([
      "apps/api/karrio/server/settings/__init__.py:2 high",
      "modules/connectors/fedex/karrio/providers/fedex/rate.py:3 high",
    ]);
  });

  it("reads a script's own folder as a root (sys.path[0]) beside a top-level package of the same name", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      // The Django app's `api` package at the root; a service started as `python service/captioning/main.py`
      // has an `api/` folder of its own, which its imports name.
      "api/__init__.py": "",
      "api/views.py": "from api.models import Photo\nfrom api.captions import caption\n",
      "api/models.py": "class Photo:\n    pass\n",
      "service/__init__.py": "",
      "service/captioning/__init__.py": "",
      "service/captioning/main.py":
        "from api.im2txt.sample import Im2txt\nfrom api.im2txt.missing import Gone\n",
      "service/captioning/api/im2txt/sample.py":
        "from api.im2txt.model import Encoder\n\nclass Im2txt:\n    pass\n",
      "service/captioning/api/im2txt/model.py": "class Encoder:\n    pass\n",
    });
    expect(where(findings)).toEqual(["api/views.py:2 high", "service/captioning/main.py:2 high"]);
  });

  it("is medium for a module imported under an `if` in a function (an optional edition), high at top level", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "app/__init__.py": "",
      "app/settings.py": "MULTI_ORGANIZATIONS = False\n",
      "app/auth.py": [
        "from app import settings",
        "from app.billing import charge",
        "",
        "def get_org(user):",
        "    if settings.MULTI_ORGANIZATIONS:",
        "        from app.orgs.models import Organization",
        "        return Organization.objects.filter(users__id=user.id).first()",
        "    from app.teams import Team",
        "    return Team.default()",
        "",
      ].join("\n"),
    });
    expect(where(findings)).toEqual(["app/auth.py:2 high", "app/auth.py:6 medium", "app/auth.py:8 high"]);
  });

  it("reads a portion of a subpackage that is itself split (`karrio.server` in the API app and in a module)", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "modules/sdk/karrio/__init__.py": "",
      "apps/api/karrio/server/__init__.py": "",
      "apps/api/karrio/server/urls/__init__.py": "",
      "apps/api/karrio/server/urls/tokens.py": [
        "from karrio.server.core.utils import ResourceAccessToken",
        "from karrio.server.core.missing import Nothing",
        "",
      ].join("\n"),
      // No `__init__.py` in modules/core/karrio/server: `core` is a top-level package there, below two portions.
      "modules/core/karrio/server/core/__init__.py": "",
      "modules/core/karrio/server/core/utils.py": "class ResourceAccessToken:\n    pass\n",
    });
    expect(where(findings)).toEqual(["apps/api/karrio/server/urls/tokens.py:2 high"]);
  });

  it("reads `type` alias statements (PEP 695), plain and generic, as bindings; an alias of another name still fires", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "app/__init__.py": "",
      "app/sorting.py": [
        "type Sorting[PE] = tuple[PE, bool]",
        "type SessionMaker = async_sessionmaker[AsyncSession]",
        "",
      ].join("\n"),
      "app/views.py": "from app.sorting import Sorting, SessionMaker, Ordering\n",
    });
    expect(where(findings)).toEqual(["app/views.py:1 high"]);
    expect(findings[0]?.message).toContain("`Ordering` is not defined in app/sorting.py");
  });

  it("reads the package, not a launcher module of the same name beside it, as Python does", async () => {
    const files = {
      "cps.py": "import sys\nfrom cps import main\nmain()\n",
      "cps/__init__.py": "calibre_db = None\n\ndef main():\n    pass\n",
      "cps/about.py": "from . import calibre_db\nfrom cps import main\n",
    };
    expect(where(await findingsOf("python/unresolved-import", files))).toEqual([]);
    const unbound = await findingsOf("python/unresolved-import", {
      ...files,
      "cps/__init__.py": "def main():\n    pass\n",
    });
    expect(where(unbound)).toEqual(["cps/about.py:1 high"]);
    expect(unbound[0]?.message).toContain("`calibre_db` is not defined in cps/__init__.py");
  });

  it("is medium in a module only test files import (a test plugin kept in the package)", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "app/__init__.py": "",
      "app/plugins/__init__.py": "from .document import DocumentPlugin\n",
      "app/plugins/document.py": "class DocumentPlugin:\n    pass\n",
      "app/plugins/testing/__init__.py": "",
      "app/plugins/testing/resolver.py": "from app.plugins import DocumentResolverPlugin\n",
      "app/plugins/live/__init__.py": "",
      "app/plugins/live/resolver.py": "from app.plugins import ResolverPlugin\n",
      "app/main.py": "import app.plugins.live.resolver\n",
      "tests/__init__.py": "",
      "tests/conftest.py": "import app.plugins.testing.resolver\nimport app.plugins.live.resolver\n",
    });
    expect(where(findings)).toEqual([
      "app/plugins/live/resolver.py:1 high",
      "app/plugins/testing/resolver.py:1 medium",
    ]);
    expect(findings[1]?.message).toContain("only test files import this module");
  });

  it("stays silent on bound names, submodules, star re-exports, optional imports and installed packages", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "src/shop/__init__.py": "from .models import *\nfrom .version import __version__\n",
      "src/shop/models.py": [
        "import os",
        "try:",
        "    from fast_json import dumps",
        "except ImportError:",
        "    from json import dumps",
        "if os.name == 'nt':",
        "    PATH_SEP = '\\\\'",
        "else:",
        "    PATH_SEP = '/'",
        "ORDER, ITEM = 'order', 'item'",
        "class Order:",
        "    pass",
        "",
      ].join("\n"),
      "src/shop/api/__init__.py": "",
      "src/shop/api/routes.py": [
        "from shop import Order, PATH_SEP, ORDER, dumps",
        "from shop import api",
        "from shop.api import routes",
        "from django.db import models",
        "try:",
        "    from shop.extras import optional",
        "except ImportError:",
        "    optional = None",
        "",
      ].join("\n"),
      // setuptools-scm writes the version module at build time; the repository ignores it.
      ".gitignore": "src/shop/version.py\n",
      "src/lazy/__init__.py": "def __getattr__(name):\n    return name\n",
      "src/lazy/use.py": "from lazy import anything\n",
      "src/flags/__init__.py":
        "import enum\n\n\n@enum.global_enum\nclass Flag(enum.IntFlag):\n    ASCII = 1\n",
      "src/flags/use.py": "from flags import ASCII\n",
    });
    expect(findings).toEqual([]);
  });

  it("reads a name from a generated module, and lowers an import only the type checker reads", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "pkg/__init__.py": "",
      "pkg/schema.py":
        "# This file is auto-generated by gen_schema.py\nfrom .base import Base\nclass User(Base):\n    pass\n",
      "pkg/base.py": "class Base:\n    pass\n",
      "pkg/use.py": [
        "from typing import TYPE_CHECKING",
        "from pkg.schema import User, Group",
        "if TYPE_CHECKING:",
        "    from pkg.base import BaseModel",
        "",
      ].join("\n"),
    });
    expect(where(findings)).toEqual(["pkg/use.py:2 high", "pkg/use.py:4 medium"]);
    expect(findings[0]?.message).toContain("`Group` is not defined in pkg/schema.py");
  });

  it("stays silent on an import behind a check that the module exists, and on a Semgrep rule's test target", async () => {
    const findings = await findingsOf("python/unresolved-import", {
      "hc/__init__.py": "",
      "hc/settings.py": "DEBUG = False\n",
      "docker/fetchstatus.py":
        'import os\n\nif os.path.exists("hc/local_settings.py"):\n    from hc import local_settings\n\nfrom hc import missing_module\n',
      ".semgrep/django/no-default-generator.py": "from hc.settings import token_generator\n",
      ".semgrep/django/no-default-generator.yaml": "rules:\n  - id: no-default-generator\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "docker/fetchstatus.py:6",
    ]);
  });
});
