"""A checked brand (brand_yml's ``Brand`` plus what reportgen checked itself) -> ``Theme``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FieldPath
from ..files import confined
from ..options import DEFAULT, RenderOptions
from ..theme import HOUSE, Logo, Theme
from .assets import LOGO_SIZES, RASTER_TYPES, Asset
from .colours import contrast, mix
from .typography import font_faces, fonts


@dataclass(frozen=True)
class Checked:
    """Everything ``load_brand`` found valid in a brand folder."""

    folder: Path  # as given
    root: Path  # its real path
    data: dict[str, Any]  # brand.yml as plain data
    brand: Any  # brand_yml's Brand
    assets: dict[FieldPath, Asset]
    colours: dict[str, str]
    options: dict[str, Any]
    size: float | None
    templates: Path | None
    reference: Path | None


def _header_fg(primary: str, background: str, foreground: str) -> str:
    """Text on the table header: the first of these readable on the primary colour."""
    for candidate in (background, "#ffffff", foreground, "#000000"):
        if contrast(primary, candidate) >= 4.5:
            return candidate
    return max((background, foreground), key=lambda c: contrast(primary, c))


def _logo_candidates(brand: Any) -> tuple[list[Any], list[Any]]:
    """The sized logos in the order we would use them (medium, large, small; light before dark),
    and the other images, which may hold a raster version for Word."""
    logo = brand.logo
    if logo is None:
        return [], []
    if hasattr(logo, "path"):  # `logo: file.png`, a single resource
        return [logo], []
    found = []
    for size in LOGO_SIZES:
        resource = getattr(logo, size)
        if resource is None:
            continue
        if hasattr(resource, "path"):
            found.append(resource)
        else:
            found += [v for v in (resource.light, resource.dark) if v is not None]
    return found, list((logo.images or {}).values())


def _logos(checked: Checked, alt: str) -> tuple[Logo | None, Logo | None]:
    """The logo (the medium one if there is one), and a raster version for Word."""
    by_relative = {a.relative: a for a in checked.assets.values()}

    def logos(resources: list[Any]) -> list[Logo]:
        found = []
        for resource in resources:
            asset = by_relative.get(Path(str(resource.path.root)).as_posix())
            if asset is not None:
                found.append(Logo(asset.path, resource.alt or alt))
        return found

    sized, images = (logos(x) for x in _logo_candidates(checked.brand))
    logo = sized[0] if sized else None
    raster = next((x for x in sized + images if x.path.suffix.lower() in RASTER_TYPES), None)
    if logo is not None and raster is None:
        for suffix in RASTER_TYPES:
            sibling = logo.path.with_suffix(suffix)
            if sibling.is_file() and confined(sibling, checked.root) is not None:
                raster = Logo(sibling, logo.alt)
                break
    if logo is not None and logo.path.suffix.lower() in RASTER_TYPES:
        raster = logo
    return logo, raster


def _names(checked: Checked) -> tuple[str | None, str | None, str | None]:
    """The organization's full and short name, and its web address."""
    meta = checked.brand.meta
    name = meta.name if meta else None
    meta_data = checked.data.get("meta")
    link = meta_data.get("link") if isinstance(meta_data, dict) else None
    url = link if isinstance(link, str) else (link.get("home") if isinstance(link, dict) else None)
    return (name.full if name else None), (name.short if name else None), url


def _chart_palette(colours: dict[str, str]) -> tuple[str, ...]:
    """Chart colours after the primary: tertiary, the palette in brand.yml order, secondary."""
    named = [colours.get("tertiary"), *(v for k, v in colours.items()
                                        if k.startswith("palette.")), colours.get("secondary")]
    return tuple(dict.fromkeys(c for c in named if c)) or HOUSE.palette


def to_theme(checked: Checked) -> Theme:
    """The Theme the writers use: accents from the brand; derived colours keep text readable."""
    colours = checked.colours
    primary = colours.get("primary", HOUSE.primary)
    background = colours.get("background", HOUSE.background)
    foreground = colours.get("foreground", HOUSE.foreground)
    full, short, url = _names(checked)
    faces = font_faces(checked.brand, {a.relative: a for a in checked.assets.values()})
    body_font, heading_font, mono_font = fonts(checked.brand, faces)
    logo, raster = _logos(checked, full or short or "Logo")
    typography = checked.brand.typography
    base = typography.base if typography else None
    return Theme(
        name=checked.folder.resolve().name,
        primary=primary,
        secondary=colours.get("secondary", HOUSE.secondary),
        foreground=foreground,
        background=background,
        link=colours.get("link.color") or colours.get("link") or primary,
        heading_color=colours.get("headings.color", primary),
        table_header_bg=primary,
        table_header_fg=_header_fg(primary, background, foreground),
        table_stripe=mix(primary, "#ffffff", 0.05),
        light=mix(primary, "#ffffff", 0.10),
        palette=_chart_palette(colours),
        body_font=body_font,
        heading_font=heading_font,
        mono_font=mono_font,
        base_size_pt=checked.size if checked.size is not None else HOUSE.base_size_pt,
        line_height=base.line_height if base else None,
        font_faces=tuple(faces),
        logo=logo,
        logo_raster=raster,
        logo_in_header=bool(checked.options.get("logo_in_header", False)),
        script_fonts=tuple(checked.options.get("script_fonts") or ()),
        organization=full or short,
        organization_url=url,
        template_dirs=((checked.templates,) if checked.templates else ()) + HOUSE.template_dirs,
        asset_dirs=(checked.root,),
        reference_docx=checked.reference,
    )


def brand_defaults(checked: Checked) -> RenderOptions:
    """The run options a brand asks for (``defaults: reportgen:``); the command line may
    override each one."""
    return RenderOptions(pdf_variant=checked.options.get("pdf_variant", DEFAULT.pdf_variant),
                         embed_source=bool(checked.options.get("embed_source", False)))
