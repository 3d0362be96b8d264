"""Create the site's fixed structure: page tree, editorial group, review workflow.

Idempotent: running it again finds what exists and creates only what is missing.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from practices.models import CatalogPage
from territories.models import TerritoryIndexPage
from territories.services import shared_collection

from . import accessibility_statement
from .models import HomePage, StandardPage

EDITORIAL_GROUP_NAME = "Équipe éditoriale RTES"
WORKFLOW_NAME = "Relecture RTES"
APPROVAL_TASK_NAME = "Validation par l'équipe éditoriale"

HOME_INTRO = (
    "<p>Le Réseau des Territoires pour l'Économie Solidaire (RTES) rassemble des "
    "communes, intercommunalités, départements et régions qui soutiennent l'économie "
    "sociale et solidaire. Ses membres partagent ici leurs fiches pratiques : ce "
    "qu'ils ont fait, comment, avec qui, et ce qu'ils en ont appris.</p>"
)


def editorial_group() -> Group:
    """The RTES editorial team: reviews and publishes, manages the taxonomies."""
    group, _ = Group.objects.get_or_create(name=EDITORIAL_GROUP_NAME)
    codenames = (
        ["access_admin"]
        + [
            f"{action}_{model}"
            for model in ("theme", "lever", "audience")
            for action in ("add", "change", "delete", "view")
        ]
        + ["view_territory", "change_territory", "add_territory"]
        + ["view_indexrun"]  # the search index status in the admin
        + ["view_digestdelivery"]  # subscribers and digests in the admin
        + ["view_accessattempt", "delete_accessattempt"]  # unblock sign-ins
        + ["view_contact_counts"]  # how many messages contacts got, not what
        + [f"{action}_synonym" for action in ("add", "change", "delete", "view")]
    )
    group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    # Every collection lies under the root: the team reviews every territory's
    # media and manages the shared collection.
    root = Collection.get_first_root_node()
    for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        for action in ("add", "change", "choose", "delete"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ),
            )
    return group


@transaction.atomic
def setup_site() -> HomePage:
    """Build (or complete) the page tree, the editorial group and the workflow."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="Accueil", slug="accueil", intro=HOME_INTRO)
        )
        site = Site.objects.filter(is_default_site=True).first()
        welcome = site.root_page if site else None
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "site_name": "RTES",
                "root_page": home,
            },
        )
        if welcome is not None and welcome.specific_class is Page:
            welcome.delete()  # Wagtail's "Welcome to your new Wagtail site!" page

    index = TerritoryIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=TerritoryIndexPage(
                title="Territoires membres",
                slug="territoires",
                intro="<p>Les collectivités membres du réseau et leurs pratiques.</p>",
            )
        )
    if not CatalogPage.objects.exists():
        home.add_child(
            instance=CatalogPage(
                title="Catalogue des pratiques",
                slug="pratiques",
                intro="<p>Toutes les fiches pratiques publiées par les membres.</p>",
            )
        )
    accessibility = StandardPage.objects.filter(slug="accessibilite").first()
    if accessibility is None:
        home.add_child(
            instance=StandardPage(
                title="Accessibilité",
                slug="accessibilite",
                body=accessibility_statement.STATEMENT,
            )
        )
    elif accessibility.body == accessibility_statement.FORMER_STUB:
        # Never edited since the first versions: the statement replaces the stub.
        accessibility.body = accessibility_statement.STATEMENT
        accessibility.save_revision().publish()

    group = editorial_group()
    shared_collection()
    for permission_type in ("add", "change", "publish", "lock", "unlock"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore",
                codename=f"{permission_type}_page",
            ),
        )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return home
