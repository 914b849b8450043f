"""URLs of the catalogue's working pages (mounted at /catalog/, namespace `catalog`)."""

from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    # SAMR staff: editions and their stages
    path("", views.edition_list, name="edition_list"),
    path("editions/new/", views.edition_create, name="edition_create"),
    path("editions/<int:pk>/", views.edition_detail, name="edition_detail"),
    path(
        "editions/<int:pk>/start-research/",
        views.edition_start_research,
        name="edition_start_research",
    ),
    path(
        "editions/<int:pk>/start-consultation/",
        views.edition_start_consultation,
        name="edition_start_consultation",
    ),
    path("editions/<int:pk>/publish/", views.edition_publish, name="edition_publish"),
    path(
        "editions/<int:pk>/suggestions/",
        views.suggestion_review_list,
        name="suggestion_review_list",
    ),
    path(
        "editions/<int:pk>/suggestions/merge/",
        views.suggestion_merge_many,
        name="suggestion_merge_many",
    ),
    path("editions/<int:pk>/categories/new/", views.category_create, name="category_create"),
    path("editions/<int:pk>/comments/", views.comment_list, name="comment_list"),
    # SAMR staff: categories, standards, comments, decisions on suggestions
    path("categories/<int:pk>/", views.category_detail, name="category_detail"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/remove/", views.category_remove, name="category_remove"),
    path("categories/<int:pk>/standards/", views.standard_add, name="standard_add"),
    path(
        "categories/<int:pk>/group-standard/",
        views.category_group_standard,
        name="category_group_standard",
    ),
    path("standards/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/remove/", views.standard_remove, name="standard_remove"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("suggestions/<int:pk>/adopt/", views.suggestion_adopt, name="suggestion_adopt"),
    path("suggestions/<int:pk>/merge/", views.suggestion_merge, name="suggestion_merge"),
    path("suggestions/<int:pk>/decline/", views.suggestion_decline, name="suggestion_decline"),
    # Associations and enterprises: their suggestions (staff may open one too)
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/new/", views.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/edit/", views.suggestion_edit, name="suggestion_edit"),
    # Alliance institutions: research
    path("research/", views.research, name="research"),
    path("research/categories/<int:pk>/", views.research_note, name="research_note"),
    # Member units: consultation
    path("consultation/", views.consultation, name="consultation"),
    path("consultation/comment/", views.consultation_comment, name="consultation_comment"),
    path(
        "consultation/no-comments/",
        views.consultation_no_comments,
        name="consultation_no_comments",
    ),
]
