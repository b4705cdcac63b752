/** Places found by the names people write in a roster: 小区, 楼栋, 单元. */
import type { CommunityTree, PlaceNode } from '../desk/places.ts';
import { say } from './columns.ts';

export interface NamedPlaces {
  compound: string;
  building: string;
  unit: string;
}

export type Resolved =
  | { ok: true; compound: PlaceNode | null; building: PlaceNode; unit: PlaceNode | null }
  | { ok: false; field: keyof NamedPlaces; message: string };

/** "1号楼", "1栋" and "1" name the same building; "2单元" and "2" the same unit. */
function bare(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/(号楼|号|栋|幢|单元|小区)$/, '');
}

export class PlaceFinder {
  private readonly children = new Map<string, PlaceNode[]>();
  private readonly cache = new Map<string, Resolved>();

  constructor(private readonly tree: CommunityTree) {
    for (const place of tree.places.values()) {
      if (!place.parentId) continue;
      const list = this.children.get(place.parentId) ?? [];
      list.push(place);
      this.children.set(place.parentId, list);
    }
  }

  private childrenOf(id: string, kind: PlaceNode['kind']): PlaceNode[] {
    return (this.children.get(id) ?? []).filter((place) => place.kind === kind);
  }

  private named(places: PlaceNode[], name: string): PlaceNode[] {
    const exact = places.filter((place) => place.name === name);
    return exact.length > 0 ? exact : places.filter((place) => bare(place.name) === bare(name));
  }

  /** Every building of the community, wherever it hangs (under a compound or the community). */
  private allBuildings(): PlaceNode[] {
    return [...this.tree.places.values()].filter((place) => place.kind === 'building');
  }

  resolve(names: NamedPlaces): Resolved {
    const key = `${names.compound}\u0000${names.building}\u0000${names.unit}`;
    let resolved = this.cache.get(key);
    if (!resolved) {
      resolved = this.find(names);
      this.cache.set(key, resolved);
    }
    return resolved;
  }

  private find({ compound: compoundName, building: buildingName, unit: unitName }: NamedPlaces): Resolved {
    let compound: PlaceNode | null = null;
    if (compoundName) {
      compound = this.named(this.childrenOf(this.tree.communityId, 'compound'), compoundName)[0] ?? null;
      if (!compound) return { ok: false, field: 'compound', message: say('noCompound', { name: compoundName }) };
    }
    if (!buildingName) return { ok: false, field: 'building', message: say('required') };
    const candidates = this.named(
      compound ? this.childrenOf(compound.id, 'building') : this.allBuildings(),
      buildingName,
    );
    if (candidates.length === 0)
      return { ok: false, field: 'building', message: say('noBuilding', { name: buildingName }) };
    if (candidates.length > 1) {
      return { ok: false, field: 'building', message: say('ambiguousBuilding', { name: buildingName }) };
    }
    const building = candidates[0] as PlaceNode;
    if (!compound && building.placeIds.compoundId)
      compound = this.tree.places.get(building.placeIds.compoundId) ?? null;
    let unit: PlaceNode | null = null;
    if (unitName) {
      unit = this.named(this.childrenOf(building.id, 'unit'), unitName)[0] ?? null;
      if (!unit) return { ok: false, field: 'unit', message: say('noUnit', { name: unitName }) };
    }
    return { ok: true, compound, building, unit };
  }
}
