/**
 * Puts every resource and data source under some constructs on one provider configuration (the
 * PrivateLink consumer side's, in another account), including those added after this call: a cdktf
 * Aspect, applied when the stack is synthesized.
 */
import { Aspects, TerraformDataSource, TerraformResource, type IAspect, type TerraformProvider } from 'cdktf';
import type { IConstruct } from 'constructs';

export function useProvider(provider: TerraformProvider, ...scopes: IConstruct[]): void {
  const aspect: IAspect = {
    visit(node) {
      if (TerraformResource.isTerraformResource(node) || TerraformDataSource.isTerraformDataSource(node)) node.provider = provider;
    },
  };
  for (const scope of scopes) Aspects.of(scope).add(aspect);
}
